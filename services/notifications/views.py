"""notifications' HTTP edge: read what was sent to whom."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from services.notifications import handlers
from services.notifications.schemas import NotificationSchema
from shared.http.api import ServiceBlueprint, current_principal

notifications = ServiceBlueprint(
    "notifications", __name__, url_prefix="/notifications", description="Messages sent to people"
)


def _service():
    return current_app.extensions["safergrants"]


@notifications.route("")
class Notifications(MethodView):
    @notifications.response(200, NotificationSchema(many=True))
    def get(self):
        """List notifications: your own, or all of them for the OPCC and auditors."""
        principal = current_principal()
        with _service().session_factory() as session:
            return handlers.visible_notifications(session, principal)


@notifications.route("/<id:notification_id>")
class NotificationById(MethodView):
    @notifications.response(200, NotificationSchema)
    def get(self, notification_id):
        """Show one notification."""
        principal = current_principal()
        with _service().session_factory() as session:
            return handlers.get_notification(session, principal, notification_id)
