"""notifications' HTTP output schemas."""

import marshmallow as ma

from services.notifications.templates import without_secrets


class NotificationSchema(ma.Schema):
    id = ma.fields.String()
    event_id = ma.fields.String()
    event_type = ma.fields.String()
    kind = ma.fields.String()
    recipient = ma.fields.String()
    subject = ma.fields.String()
    body = ma.fields.String()
    status = ma.fields.String()
    attempts = ma.fields.Integer()
    created_at = ma.fields.AwareDateTime()
    sent_at = ma.fields.AwareDateTime(allow_none=True)

    @ma.post_dump
    def _hide_invitation_links(self, data: dict, **kwargs) -> dict:
        if "body" in data:
            data["body"] = without_secrets(data["body"])
        return data
