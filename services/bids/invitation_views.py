"""HTTP edge of inviting delivery providers to a bid."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask.views import MethodView

from services.bids import inviting, provider_sections, submission
from services.bids.content_schemas import ContentInput
from services.bids.schemas import BidSchema
from services.bids.views import ETAG, IF_MATCH, _answer
from shared.db import unit_of_work
from shared.http import preconditions
from shared.http.api import ServiceBlueprint, current_principal
from shared.http.fields import Text, messages

blueprint = ServiceBlueprint(
    "invitations",
    __name__,
    url_prefix="/bids",
    description="Delivery providers invited by email to complete a bid's provider sections and add evidence",
)

_EMAIL = "Enter an email address in the correct format, like name@example.com"
_NAME = "Enter the name of the person you are inviting"


class InvitationCreateSchema(ma.Schema):
    email = ma.fields.Email(
        required=True,
        validate=ma.validate.Length(max=320, error=_EMAIL),
        error_messages=messages("Enter the email address of the person you are inviting", _EMAIL),
    )
    name = Text(
        required=True,
        validate=[
            ma.validate.Regexp(r"\S", error=_NAME),
            ma.validate.Length(max=200, error="Enter a name of 200 characters or fewer"),
        ],
        error_messages=messages(_NAME),
    )


class InvitationSchema(ma.Schema):
    id = ma.fields.String()
    bid_id = ma.fields.String()
    email = ma.fields.String()
    name = ma.fields.String()
    status = ma.fields.String(metadata={"description": "active, or revoked"})
    invited_by = ma.fields.Dict()
    created_at = ma.fields.AwareDateTime()
    revoked_at = ma.fields.AwareDateTime(allow_none=True)
    last_used_at = ma.fields.AwareDateTime(
        allow_none=True, metadata={"description": "When the provider last saved the provider sections through it"}
    )


class ProviderSectionsSchema(ContentInput):
    """The provider sections only (`provider_sections.py`); any other field of a bid is refused."""

    class Meta:
        exclude = tuple(
            name for name in ContentInput._declared_fields if name not in ("delivery_provider", "outcomes", "risks")
        )


def _service():
    return current_app.extensions["safergrants"]


@blueprint.route("/<id:bid_id>/invitations")
class Invitations(MethodView):
    @blueprint.response(200, InvitationSchema(many=True))
    def get(self, bid_id):
        """The providers invited to a bid, active and revoked."""
        principal = current_principal()
        with _service().session_factory() as session:
            return inviting.invitations(session, principal, bid_id)

    @blueprint.arguments(InvitationCreateSchema)
    @blueprint.response(201, InvitationSchema)
    def post(self, fields, bid_id):
        """Invite a delivery provider by email to an editable bid; they get a link valid for 14 days."""
        principal = current_principal()
        service = _service()
        with unit_of_work(service.session_factory) as session:
            return inviting.invite(
                session, service.outbox, service.settings, principal, bid_id, fields["email"], fields["name"]
            )


@blueprint.route("/<id:bid_id>/invitations/<id:invitation_id>")
class InvitationById(MethodView):
    @blueprint.response(200, InvitationSchema)
    def delete(self, bid_id, invitation_id):
        """Revoke an invitation: the provider loses access to the bid at once."""
        principal = current_principal()
        with unit_of_work(_service().session_factory) as session:
            return inviting.revoke(session, principal, bid_id, invitation_id)


@blueprint.route("/<id:bid_id>/provider")
class ProviderSections(MethodView):
    @blueprint.arguments(ProviderSectionsSchema)
    @blueprint.doc(parameters=[IF_MATCH])
    @blueprint.response(200, BidSchema, headers=ETAG)
    @blueprint.alt_response(412, response="PRECONDITION_FAILED")
    @blueprint.alt_response(428, response="PRECONDITION_REQUIRED")
    def patch(self, fields, bid_id):
        """Save the provider sections (delivery provider, outcomes, risks): an invited provider's, or the CSP's."""
        principal = current_principal()
        service = _service()
        based_on = preconditions.offered_etags()
        with unit_of_work(service.session_factory) as session:
            bid = provider_sections.change_provider_sections(
                session, service.outbox, principal, bid_id, fields, based_on
            )
            return _answer(submission.page_of(session, bid))
