"""The words of each message. Plain text, GOV.UK style: short sentences, what happens next."""

from __future__ import annotations

import re
from datetime import datetime

from shared.http.fields import pence_to_pounds
from shared.reference import CSP_BY_ID


def _money(pence: int) -> str:
    pounds = pence_to_pounds(pence)
    whole, _, part = pounds.partition(".")
    return f"£{int(whole):,}.{part}"


def bid_acknowledgement(payload: dict, base_url: str) -> tuple[str, str]:
    subject = f"We have received your bid: {payload['title']}"
    body = (
        f"Dear {payload['submitted_by']['name']},\n\n"
        f'Your bid "{payload["title"]}" for {_money(payload["amount_requested_pence"])} '
        f"to {payload.get('round_name') or 'the funding round'} has been submitted.\n\n"
        f"Reference: {payload['bid_id']}\n\n"
        "What happens next: the Office of the Police and Crime Commissioner will review it. "
        "We will email you when a decision is made or if they need more information.\n\n"
        f"View your bid: {base_url}/bids/bids/{payload['bid_id']}\n"
    )
    return subject, body


def new_bid_for_reviewers(payload: dict, base_url: str) -> tuple[str, str]:
    subject = f"New bid from {payload.get('csp_name') or payload['csp_id']}: {payload['title']}"
    body = (
        f"{payload.get('csp_name') or payload['csp_id']} has submitted a bid to "
        f"{payload.get('round_name') or 'a funding round'}.\n\n"
        f"Title: {payload['title']}\n"
        f"Amount requested: {_money(payload['amount_requested_pence'])}\n"
        f"Delivery provider: {payload['delivery_provider']['name']}\n"
        f"Evidence files: {len(payload['evidence'])}\n\n"
        f"Review it: {base_url}/grants/reviews/{payload['bid_id']}\n"
    )
    return subject, body


def _counts(payload: dict) -> str:
    likely, check = payload["counts"]["likely duplicate"], payload["counts"]["check"]
    return f"{likely} likely duplicate{'s' if likely != 1 else ''} and {check} to check"


def duplicate_check_for_reviewers(payload: dict, base_url: str) -> tuple[str, str]:
    subject = f"Duplicate-funding check: {payload['title']} ({_counts(payload)})"
    lines = [f'The duplicate-funding check on "{payload["title"]}" found {_counts(payload)}.', ""]
    for finding in payload["top_findings"]:
        what = finding.get("programme") or finding.get("csp_id") or finding["kind"]
        lines.append(f"- {finding['band']} ({finding['score']:.2f}): {finding.get('title', '')} [{what}]")
        lines += [f"    {reason}" for reason in finding["reasons"]]
    lines += ["", f"Review it: {base_url}/grants/reviews/{payload['bid_id']}"]
    return subject, "\n".join(lines) + "\n"


def duplicate_check_for_csp(payload: dict, base_url: str) -> tuple[str, str]:
    """What the CSP may know: public register records in full, confidential ones and other CSPs' bids only as
    existing (grants' duplicate_checks.py says why)."""
    subject = f"Your bid may duplicate other funding: {payload['title']}"
    lines = [
        f"Dear {payload['submitted_by']['name']},",
        "",
        f'We checked your bid "{payload["title"]}" against the funding register and other bids.',
        "The OPCC will look at these possible overlaps before deciding:",
        "",
    ]
    for finding in payload["top_findings"]:
        if finding.get("confidential"):
            lines.append(f"- {finding['band']}: a confidential record in the funding register (ask the OPCC about it)")
            continue
        if finding["kind"] == "bid" and finding.get("csp_id") != payload["csp_id"]:
            lines.append(f"- {finding['band']}: a bid from another CSP may pay for the same activity")
            continue
        lines.append(f"- {finding['band']}: {finding.get('title', '')} ({finding.get('programme', 'a bid')})")
        lines += [f"    {reason}" for reason in finding["reasons"]]
    lines += [
        "",
        "What you can do now: if the activity is already funded, tell the OPCC how your bid differs, or withdraw it.",
        f"See the check: {base_url}/grants/duplicate-checks/bids/{payload['bid_id']}",
    ]
    return subject, "\n".join(lines) + "\n"


def provider_invitation(payload: dict, base_url: str) -> tuple[str, str]:
    """To a delivery provider a CSP invited: what the bid is, what they can do, the link and its expiry."""
    csp = f"{payload['csp_name']} Community Safety Partnership"
    expires = _day(payload["expires_at"])
    subject = f"{payload['invited_by']['name']} has invited you to contribute to a bid: {payload['bid_title']}"
    body = (
        f"Dear {payload['invitee']['name'] or payload['invitee']['email']},\n\n"
        f"{payload['invited_by']['name']} of {csp} has invited you to contribute to their bid "
        f'"{payload["bid_title"] or "(untitled)"}" for funding from the Office of the Police and Crime '
        "Commissioner.\n\n"
        "You can:\n"
        "- complete the delivery provider sections: your organisation's details, the outcomes you will "
        "deliver and the risks you see\n"
        "- upload evidence, such as your project plan, quotes or policies\n\n"
        "You will see only this bid. The CSP sees every change you make, and submits the bid.\n\n"
        f"Open the bid: {base_url.rstrip('/')}/invitations/{payload['code']}\n\n"
        f"This link works until {expires}. It is for you only: do not forward this email. "
        f"If it has expired, ask {payload['invited_by']['name']} to send a new one.\n"
    )
    return subject, body


def bid_returned(payload: dict, base_url: str) -> tuple[str, str]:
    subject = f"Your bid has been returned for changes: {payload['title']}"
    body = (
        f"Dear {payload['submitted_by']['name']},\n\n"
        f'The Office of the Police and Crime Commissioner has returned your bid "{payload["title"]}" so you '
        "can change it.\n\n"
        f"What they asked for:\n{payload['reason']}\n\n"
        "What to do next: make the changes and submit the bid again. It keeps its place in the round, and "
        "the reviewers will see what you changed.\n\n"
        f"Change your bid: {base_url.rstrip('/')}/bids/bids/{payload['bid_id']}\n"
    )
    return subject, body


def bid_withdrawn_for_reviewers(payload: dict, base_url: str) -> tuple[str, str]:
    csp = payload.get("csp_name") or payload["csp_id"]
    subject = f"Bid withdrawn by {csp}: {payload['title']}"
    body = (
        f'{payload["withdrawn_by"]["name"]} of {csp} has withdrawn the bid "{payload["title"]}".\n\n'
        f"Their reason:\n{payload['reason']}\n\n"
        "It has left the review queue: there is nothing more to do.\n\n"
        f"See it: {base_url.rstrip('/')}/grants/reviews/{payload['bid_id']}\n"
    )
    return subject, body


def bid_awarded(payload: dict, base_url: str) -> tuple[str, str]:
    subject = f"Your bid has been awarded funding: {payload['title']}"
    lines = [
        f"Dear {payload['submitted_by']['name']},",
        "",
        f'The Office of the Police and Crime Commissioner has awarded funding to your bid "{payload["title"]}" '
        f"in {payload['round_name']}.",
        "",
        f"Amount awarded: {_money(payload['amount_awarded_pence'])}",
    ]
    if payload["amount_awarded_pence"] < payload["amount_requested_pence"]:
        lines.append(f"This is less than the {_money(payload['amount_requested_pence'])} you asked for.")
    lines += ["", *_conditions(payload), "", f"Reason for the decision:\n{payload['reason']}", ""]
    lines += [
        "What happens next:",
        "- the OPCC's finance team will contact you about payment",
        "- send a spend return every quarter, showing what you have spent against this award",
        "",
        f"View your bid: {base_url.rstrip('/')}/bids/bids/{payload['bid_id']}",
    ]
    return subject, "\n".join(lines) + "\n"


def bid_declined(payload: dict, base_url: str) -> tuple[str, str]:
    subject = f"Your bid has not been funded: {payload['title']}"
    body = (
        f"Dear {payload['submitted_by']['name']},\n\n"
        f'The Office of the Police and Crime Commissioner has decided not to fund your bid "{payload["title"]}" '
        f"in {payload['round_name']}.\n\n"
        f"Reason for the decision:\n{payload['reason']}\n\n"
        "If you have questions about this decision, contact the Office of the Police and Crime Commissioner.\n\n"
        f"View your bid: {base_url.rstrip('/')}/bids/bids/{payload['bid_id']}\n"
    )
    return subject, body


def award_for_finance(payload: dict, base_url: str) -> tuple[str, str]:
    """Finance hear of an award when it is made, so payment and spend monitoring start from the decision."""
    csp = _csp(payload)
    awarded, requested = payload["amount_awarded_pence"], payload["amount_requested_pence"]
    amount = _money(awarded) + (f" (of {_money(requested)} requested)" if awarded < requested else "")
    lines = [
        f'The OPCC has awarded {_money(awarded)} to {csp} for "{payload["title"]}".',
        "",
        f"CSP: {csp}",
        f"Bid: {payload['title']}",
        f"Round: {payload['round_name']}",
        f"Amount awarded: {amount}",
        f"Decided by: {payload['decided_by']['name']}, {_day(payload['decided_at'])}",
        "",
        *_conditions(payload),
        "",
        "What happens next: arrange payment with the CSP. It will send spend returns quarterly against this award.",
        "",
        f"See the bid: {base_url.rstrip('/')}/bids/bids/{payload['bid_id']}",
    ]
    return f"Award to {csp}: {payload['title']} ({_money(awarded)})", "\n".join(lines) + "\n"


def _conditions(payload: dict) -> list[str]:
    if not payload["conditions"]:
        return ["The award has no conditions."]
    return ["Conditions of the award:", *(f"- {condition}" for condition in payload["conditions"])]


def _csp(payload: dict) -> str:
    # bid.decided carries only the CSP's id; the reference list has the name people know it by.
    known = CSP_BY_ID.get(payload["csp_id"])
    return known.name if known else payload["csp_id"]


def _day(timestamp: str) -> str:
    moment = datetime.fromisoformat(timestamp)
    return f"{moment.day} {moment.strftime('%B %Y')}"


_INVITATION_LINK = re.compile(r"/invitations/[A-Za-z0-9_.-]+")


def without_secrets(body: str) -> str:
    """A message as the API shows it: an invitation link signs its holder in, so only the email has it."""
    return _INVITATION_LINK.sub("/invitations/[link sent by email only]", body)


def award_withdrawn_for_finance(payload: dict, base_url: str) -> tuple[str, str]:
    """An award finance were told of did not stand: no payment is due."""
    csp = _csp(payload)
    subject = f"Award withdrawn by {csp}: {payload['title']} (no payment due)"
    body = (
        f'{csp} withdrew the bid "{payload["title"]}" as the OPCC awarded it {_money(payload["amount_awarded_pence"])}'
        f" from {payload['round_name']}.\n\n"
        "The award does not stand: do not set up a payment, and cancel one if you have. It no longer counts in "
        f"{csp}'s allocation or appears in the funding register.\n\n"
        f"The CSP's reason:\n{payload['reason']}\n"
    )
    return subject, body


def award_withdrawn(payload: dict, base_url: str) -> tuple[str, str]:
    """The submitter was emailed of an award they had just withdrawn: say which of the two stands."""
    subject = f"Your withdrawal stands: no award for {payload['title']}"
    body = (
        f"Dear {payload['submitted_by']['name']},\n\n"
        f'Your CSP withdrew the bid "{payload["title"]}" as the Office of the Police and Crime Commissioner '
        f"awarded it {_money(payload['amount_awarded_pence'])} from {payload['round_name']}, so you may have "
        "had an email about the award.\n\n"
        "The withdrawal stands and the award does not: no money will be paid for this bid, and it no longer "
        "counts against your CSP's allocation for the round.\n\n"
        f"Reason given for withdrawing:\n{payload['reason']}\n\n"
        "If the bid was withdrawn by mistake, contact the Office of the Police and Crime Commissioner.\n\n"
        f"View your bid: {base_url.rstrip('/')}/bids/bids/{payload['bid_id']}\n"
    )
    return subject, body
