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
