"""HTTP edge of a bid's life beyond drafting: clone, withdraw, compare submitted versions."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask.views import MethodView

from services.bids import cloning, lifecycle, submission
from services.bids.schemas import BidSchema
from services.bids.views import ETAG, _answer
from shared.db import unit_of_work
from shared.http.api import ServiceBlueprint, current_principal
from shared.http.fields import Text, messages, reason_field

blueprint = ServiceBlueprint(
    "lifecycle", __name__, url_prefix="/bids", description="Re-using, withdrawing and comparing versions of bids"
)

_REASON = "Enter the reason for withdrawing the bid"


class CloneSchema(ma.Schema):
    round_id = Text(
        required=True,
        validate=ma.validate.Length(1, 64, error="Choose the funding round the new draft is for"),
        error_messages=messages("Choose the funding round the new draft is for"),
    )


class WithdrawSchema(ma.Schema):
    reason = reason_field(_REASON)


class FieldChangeSchema(ma.Schema):
    field = ma.fields.String()
    label = ma.fields.String(metadata={"description": "The field's name as a person reads it"})
    before = ma.fields.Raw(allow_none=True, metadata={"description": "The value in the earlier version"})
    after = ma.fields.Raw(allow_none=True, metadata={"description": "The value in the later version"})
    changes = ma.fields.List(
        ma.fields.String(), metadata={"description": "What changed, in words: money in pounds, list items by name"}
    )


class VersionDiffSchema(ma.Schema):
    bid_id = ma.fields.String()
    from_version = ma.fields.Integer(
        allow_none=True, metadata={"description": "None for version 1: compared with nothing"}
    )
    to_version = ma.fields.Integer()
    from_submitted_at = ma.fields.AwareDateTime(allow_none=True)
    to_submitted_at = ma.fields.AwareDateTime()
    changes = ma.fields.List(ma.fields.Nested(FieldChangeSchema))


def _service():
    return current_app.extensions["safergrants"]


@blueprint.route("/<id:bid_id>/clone")
class CloneBid(MethodView):
    @blueprint.arguments(CloneSchema)
    @blueprint.response(201, BidSchema, headers=ETAG)
    def post(self, fields, bid_id):
        """Start a new draft for an open round from any earlier bid of your CSP: its content, not its evidence."""
        principal = current_principal()
        service = _service()
        with unit_of_work(service.session_factory) as session:
            bid = cloning.clone_bid(session, service.outbox, principal, bid_id, fields["round_id"])
            return _answer(submission.page_of(session, bid), 201)


@blueprint.route("/<id:bid_id>/withdraw")
class WithdrawBid(MethodView):
    @blueprint.arguments(WithdrawSchema)
    @blueprint.response(200, BidSchema, headers=ETAG)
    def post(self, fields, bid_id):
        """Withdraw a submitted or returned bid before a decision; grants takes it out of the review queue."""
        principal = current_principal()
        service = _service()
        with unit_of_work(service.session_factory) as session:
            bid = lifecycle.withdraw_bid(session, service.outbox, principal, bid_id, fields["reason"])
            return _answer(submission.page_of(session, bid))


@blueprint.route("/<id:bid_id>/versions/<int(min=1, max=100000):version>/diff")
class VersionDiff(MethodView):
    @blueprint.response(200, VersionDiffSchema)
    def get(self, bid_id, version):
        """What changed in a submitted version since the one before, field by field, in words."""
        principal = current_principal()
        with _service().session_factory() as session:
            return lifecycle.version_changes(session, principal, bid_id, version)
