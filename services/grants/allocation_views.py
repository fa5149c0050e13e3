"""Per-CSP indicative allocations of a round: set by hand or by formula, and read by everyone.

Every signed-in user, CSP officers included, sees every CSP's allocation and submitted total once the round
opens: allocations are published with the round (as other police commissioners publish theirs) and seeing
what a neighbour was given is the transparency CSPs asked for. Until then a draft round's allocations are
the OPCC's working figures, and to a CSP the round does not exist. Draft bids are a CSP's own business, so
a CSP officer sees draft totals for its own CSP only.
"""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask.views import MethodView

from services.grants import allocations, handlers
from services.grants.duplicate_checks import viewer_csp
from shared.db import unit_of_work
from shared.http.api import ServiceBlueprint, current_principal
from shared.http.fields import Money, messages, pounds_of
from shared.reference import CSP_BY_ID

_CSP = ma.fields.String(validate=ma.validate.OneOf(sorted(CSP_BY_ID), error="Choose CSPs from the list of CSPs"))
# 0 or more: allocation_formula says so per field (a Range here would document its minimum as text).
_NUMBER = ma.fields.Decimal(
    error_messages=messages("Enter a number", "Enter a number, like 12.5"),
)

blueprint = ServiceBlueprint(
    "allocations", __name__, url_prefix="/rounds", description="Per-CSP indicative allocations of a round"
)


class HandAllocationsSchema(ma.Schema):
    allocations = ma.fields.Dict(
        keys=_CSP,
        values=Money(required_message="Enter an amount", invalid_message="Enter an amount like 30000.00"),
        required=True,
        error_messages=messages("Enter an amount for each CSP, by CSP id"),
    )


class FormulaSchema(ma.Schema):
    weights = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.Length(1, 50)),
        values=_NUMBER,
        required=True,
        error_messages=messages("Enter a weight for each measure, like population 50 and crime 50"),
    )
    data = ma.fields.Dict(
        keys=_CSP,
        values=ma.fields.Dict(keys=ma.fields.String(), values=_NUMBER),
        required=True,
        error_messages=messages("Enter each CSP's figure for every weighted measure, by CSP id"),
    )


class CspAllocationSchema(ma.Schema):
    csp_id = ma.fields.String()
    csp_name = ma.fields.String()
    allocation = pounds_of("allocation_pence")
    allocation_pence = ma.fields.Integer()
    requested = pounds_of("requested_pence")
    requested_pence = ma.fields.Integer(metadata={"description": "Submitted bids"})
    in_drafts = pounds_of("in_drafts_pence", nullable=True)
    in_drafts_pence = ma.fields.Integer(
        allow_none=True, metadata={"description": "Draft bids; null for another CSP's, which are private"}
    )
    awarded = pounds_of("awarded_pence")
    awarded_pence = ma.fields.Integer()
    remaining = pounds_of("remaining_pence")
    remaining_pence = ma.fields.Integer(metadata={"description": "Allocation less submitted bids; may be negative"})


class AllocationsSchema(ma.Schema):
    round_id = ma.fields.String()
    pot = pounds_of("pot_pence")
    pot_pence = ma.fields.Integer()
    allocated = pounds_of("allocated_pence")
    allocated_pence = ma.fields.Integer()
    unallocated = pounds_of("unallocated_pence")
    unallocated_pence = ma.fields.Integer()
    csps = ma.fields.List(ma.fields.Nested(CspAllocationSchema))


def _service():
    return current_app.extensions["safergrants"]


def _set(method: str, fields: dict, round_id: str) -> dict:
    principal = current_principal()
    service = _service()
    with unit_of_work(service.session_factory) as session:
        funding_round = handlers.set_allocations(session, service.outbox, principal, round_id, method, fields)
        return allocations.summary(session, funding_round, None)


@blueprint.route("/<id:round_id>/allocations")
class Allocations(MethodView):
    @blueprint.response(200, AllocationsSchema)
    def get(self, round_id):
        """Each CSP's allocation, what its bids already request, what is awarded, and what remains.

        A CSP officer is answered 404 for a draft round, as if it did not exist.
        """
        principal = current_principal()
        with _service().session_factory() as session:
            funding_round = handlers.read_round(session, principal, round_id)
            return allocations.summary(session, funding_round, viewer_csp(principal))

    @blueprint.arguments(HandAllocationsSchema)
    @blueprint.response(200, AllocationsSchema)
    def put(self, fields, round_id):
        """Set the allocations by hand; they may add up to less than the pot, never more."""
        return _set("hand", fields, round_id)


@blueprint.route("/<id:round_id>/allocations/formula")
class FormulaAllocations(MethodView):
    @blueprint.arguments(FormulaSchema)
    @blueprint.response(200, AllocationsSchema)
    def post(self, fields, round_id):
        """Work the allocations out from weighted measures per CSP, in whole pounds adding up to the pot."""
        return _set("formula", fields, round_id)
