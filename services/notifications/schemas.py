"""notifications' HTTP output schemas."""

import marshmallow as ma


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
