"""The one shape matching works on: a register record or a bid, reduced to what can overlap."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Kind = Literal["register", "bid"]


@dataclass(frozen=True)
class Candidate:
    """Something that may pay for an activity: an award in the funding register, or a bid.

    `places` holds codes such as "CSP:melton", "LAD:E07000133", "PFA:E23000021", "WARD:E05005321" or
    "POSTCODE:LE13 0PB"; `cost_items` the descriptions of budget lines ("CCTV maintenance").
    """

    id: str
    kind: Kind
    title: str
    description: str = ""
    outcomes: str = ""
    funder: str = ""
    programme: str = ""
    recipient_org_id: str = ""
    recipient_name: str = ""
    provider_name: str = ""
    provider_org_id: str = ""
    amount_pence: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    places: frozenset[str] = field(default_factory=frozenset)
    cost_items: tuple[str, ...] = ()
    declared_programmes: tuple[str, ...] = ()  # other funding a bid declared ("Safer Streets 5")
    csp_id: str | None = None
    status: str = ""
    confidential: bool = False

    def __init__(
        self,
        id: str,
        kind: Kind,
        title: str,
        description: str = "",
        outcomes: str = "",
        funder: str = "",
        programme: str = "",
        recipient_org_id: str = "",
        recipient_name: str = "",
        provider_name: str = "",
        provider_org_id: str = "",
        amount_pence: int | None = None,
        starts_on: date | None = None,
        ends_on: date | None = None,
        places: frozenset[str] = frozenset(),
        cost_items: tuple[str, ...] = (),
        declared_programmes: tuple[str, ...] = (),
        csp_id: str | None = None,
        status: str = "",
        confidential: bool = False,
    ) -> None:
        # The generated __init__ of a frozen dataclass sets each field through object.__setattr__, which for 20
        # fields cost more than reading a register record's CSV row. Setting the one dict costs half as much.
        _set(self, "__dict__", {
            "id": id, "kind": kind, "title": title, "description": description, "outcomes": outcomes,
            "funder": funder, "programme": programme, "recipient_org_id": recipient_org_id,
            "recipient_name": recipient_name, "provider_name": provider_name, "provider_org_id": provider_org_id,
            "amount_pence": amount_pence, "starts_on": starts_on, "ends_on": ends_on, "places": places,
            "cost_items": cost_items, "declared_programmes": declared_programmes, "csp_id": csp_id,
            "status": status, "confidential": confidential,
        })  # fmt: skip


_set = object.__setattr__
