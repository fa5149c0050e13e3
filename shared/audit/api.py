"""`GET /audit/{entity_type}/{entity_id}`: an entity's history, oldest first.

Who may ask is the permission table's business (the request gate); which rows they see is the data
scope's: a CSP officer's query only ever returns rows of its own CSP. An entity with no history the
reader may see is reported as not found, so asking about another CSP's bid does not reveal that it
exists. A CSP is not shown the network address of whoever made a change: that is for the OPCC.

A service whose entities belong to a person rather than to a whole CSP (a notification is its
recipient's) narrows a CSP's reading further with `csp_may_read`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import marshmallow as ma
import sqlalchemy as sa
from flask import current_app
from flask.views import MethodView
from sqlalchemy.orm import Session

from shared.auth.principal import CSP_ROLES, Principal
from shared.http.api import ServiceBlueprint, current_principal
from shared.http.problems import DomainProblem


class ChangeSchema(ma.Schema):
    before = ma.fields.Raw(allow_none=True)
    after = ma.fields.Raw(allow_none=True)


class AuditEventSchema(ma.Schema):
    id = ma.fields.Integer()
    occurred_at = ma.fields.DateTime()
    actor_id = ma.fields.String()
    actor_role = ma.fields.String()
    actor_name = ma.fields.String()
    organisation = ma.fields.String()
    csp_id = ma.fields.String(allow_none=True)
    action = ma.fields.String()
    entity_type = ma.fields.String()
    entity_id = ma.fields.String()
    changes = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Nested(ChangeSchema))
    correlation_id = ma.fields.String()
    client_address = ma.fields.String(allow_none=True)


MayRead = Callable[[Session, Principal, str, str], bool]


def history(
    session: Session, model: type, principal: Principal, entity_type: str, entity_id: str, csp_may_read: MayRead
) -> list[dict]:
    query = sa.select(model).where(model.entity_type == entity_type, model.entity_id == entity_id).order_by(model.id)
    events = list(session.scalars(query))
    if principal.role in CSP_ROLES and not csp_may_read(session, principal, entity_type, entity_id):
        events = []
    if not events:
        raise DomainProblem("There is no history for that entity", status=404, kind="not-found")
    shown = [{column.name: getattr(event, column.name) for column in model.__table__.columns} for event in events]
    if principal.role in CSP_ROLES:
        for event in shown:
            event["client_address"] = None
    return shown


def _whole_csp(session: Session, principal: Principal, entity_type: str, entity_id: str) -> bool:
    return True


def history_blueprint(model: type, entity_types: Sequence[str], csp_may_read: MayRead = _whole_csp) -> ServiceBlueprint:
    """The audit blueprint of one service, whose audit events are `model` about `entity_types`."""
    blueprint = ServiceBlueprint("audit", __name__, url_prefix="/audit", description="The audit trail")

    @blueprint.route(f"/<any({', '.join(entity_types)}):entity_type>/<id:entity_id>")
    class EntityHistory(MethodView):
        @blueprint.response(200, AuditEventSchema(many=True))
        def get(self, entity_type, entity_id):
            """An entity's history: every change, who made it, when and from where, oldest first."""
            principal = current_principal()
            with current_app.extensions["safergrants"].session_factory() as session:
                return history(session, model, principal, entity_type, entity_id, csp_may_read)

    return blueprint
