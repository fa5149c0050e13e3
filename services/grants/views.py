"""grants' HTTP edge: validate, call one handler, answer."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from services.grants import finding_decisions, handlers
from services.grants.duplicate_check_views import DecisionSchema
from services.grants.schemas import (
    FindingDecisionSchema,
    ReviewItemSchema,
    ReviewQuerySchema,
    RoundChangeSchema,
    RoundCreateSchema,
    RoundSchema,
)
from shared.db import unit_of_work
from shared.http.api import ServiceBlueprint, current_principal

rounds = ServiceBlueprint("rounds", __name__, url_prefix="/rounds", description="Funding rounds")
reviews = ServiceBlueprint("reviews", __name__, url_prefix="/reviews", description="The OPCC review queue")


def _service():
    return current_app.extensions["safergrants"]


@rounds.route("")
class Rounds(MethodView):
    @rounds.response(200, RoundSchema(many=True))
    def get(self):
        """List funding rounds, newest first: for CSP and provider roles, only those opened for bids."""
        principal = current_principal()
        with _service().session_factory() as session:
            return handlers.rounds_for(session, principal)

    @rounds.arguments(RoundCreateSchema)
    @rounds.response(201, RoundSchema)
    def post(self, fields):
        """Create a funding round as a draft."""
        principal = current_principal()
        with unit_of_work(_service().session_factory) as session:
            return handlers.create_round(session, principal, fields)


@rounds.route("/<id:round_id>")
class RoundById(MethodView):
    @rounds.response(200, RoundSchema)
    def get(self, round_id):
        """Show one funding round (to CSP and provider roles, a draft round does not exist)."""
        principal = current_principal()
        with _service().session_factory() as session:
            return handlers.read_round(session, principal, round_id)

    @rounds.arguments(RoundChangeSchema(partial=True))
    @rounds.response(200, RoundSchema)
    def patch(self, fields, round_id):
        """Change a draft or open round's details and rules.

        Once bids have arrived, changing its rules, priorities, pot, dates or financial year needs a reason.
        """
        principal = current_principal()
        service = _service()
        with unit_of_work(service.session_factory) as session:
            return handlers.change_round(session, service.outbox, principal, round_id, fields)


def _lifecycle_step(path: str, handler, summary: str) -> None:
    class Step(MethodView):
        @rounds.response(200, RoundSchema)
        def post(self, round_id):
            current_principal()
            service = _service()
            with unit_of_work(service.session_factory) as session:
                return handler(session, service.outbox, round_id)

    Step.post.__doc__ = summary
    Step.__name__ = f"{path.title()}Round"
    rounds.route(f"/<id:round_id>/{path}")(Step)


_lifecycle_step("open", handlers.open_round, "Open a draft round for bids; bids learns of it through `round.opened`.")
_lifecycle_step("close", handlers.close_round, "Close an open round: bids refuses submissions after `round.closed`.")
_lifecycle_step("decide", handlers.decide_round, "Mark a closed round as decided (`round.decided`).")


@reviews.route("")
class Reviews(MethodView):
    @reviews.arguments(ReviewQuerySchema, location="query")
    @reviews.response(200, ReviewItemSchema(many=True))
    def get(self, criteria):
        """List submitted bids, oldest first: `?status=awaiting_review` for those still to decide."""
        current_principal()
        with _service().session_factory() as session:
            return finding_decisions.present_reviews(session, handlers.review_queue(session, criteria))


@reviews.route("/<id:bid_id>")
class ReviewById(MethodView):
    @reviews.response(200, ReviewItemSchema)
    def get(self, bid_id):
        """Show one submitted bid in the review queue."""
        current_principal()
        with _service().session_factory() as session:
            return finding_decisions.present_review(session, handlers.get_review(session, bid_id))


@reviews.route("/<id:bid_id>/findings/<any(register, bid):kind>/<id:candidate_id>/decision")
class FindingDecisionView(MethodView):
    @reviews.arguments(FindingDecisionSchema)
    @reviews.response(200, DecisionSchema)
    def put(self, fields, bid_id, kind, candidate_id):
        """Decide whether a finding of the duplicate-funding check is the same activity, and say why.

        Only while the bid is still to decide: once it is awarded, declined or withdrawn, the decisions stand (409).
        """
        principal = current_principal()
        with unit_of_work(_service().session_factory) as session:
            return finding_decisions.decide(session, principal, bid_id, kind, candidate_id, fields).describe()
