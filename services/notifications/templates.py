"""The words of each message. Plain text, GOV.UK style: short sentences, what happens next."""

from __future__ import annotations

from shared.http.fields import pence_to_pounds


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
    """What the CSP may know: public register records in full, other CSPs' bids only as existing."""
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
