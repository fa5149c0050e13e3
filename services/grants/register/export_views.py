"""Our awards as a 360Giving file to download: for anyone who may read the register (not providers)."""

from __future__ import annotations

import marshmallow as ma
from flask import Response, current_app
from flask.views import MethodView

from services.grants.register.threesixty_export import Publisher, export_awards, export_filename, package_json
from shared.http.api import ID_PATTERN, ServiceBlueprint, current_principal
from shared.storage.transfer import attachment_disposition

exports = ServiceBlueprint(
    "register_exports",
    __name__,
    url_prefix="/register/exports",
    description="SaferGrants' own awards, published as 360Giving data",
)

# Documented, not checked: the official 360Giving package schema is applied in full before a file is served.
PACKAGE = {
    "type": "object",
    "required": ["grants"],
    "properties": {"grants": {"type": "array", "minItems": 1, "items": {"type": "object"}}},
    "description": "A 360Giving data package (standard 1.4): https://standard.threesixtygiving.org/",
}


class ExportQuerySchema(ma.Schema):
    round_id = ma.fields.String(
        validate=ma.validate.Regexp(f"^{ID_PATTERN}$", error="Enter a funding round id, like the one in its address"),
        metadata={"description": "Only this funding round's awards"},
    )


@exports.route("/360giving")
class ThreeSixtyGivingExport(MethodView):
    @exports.arguments(ExportQuerySchema, location="query")
    @exports.response(200, PACKAGE, content_type="application/json")
    @exports.alt_response(404, response="NOT_FOUND")
    @exports.alt_response(409, response="CONFLICT")
    def get(self, criteria):
        """Download every published SaferGrants award as a 360Giving JSON package (409 while there are none).

        Confidential records are never included. Grant ids start with the OPCC's 360Giving prefix.
        """
        principal = current_principal()
        runtime = current_app.extensions["safergrants"]
        with runtime.session_factory() as session:
            publisher = Publisher.from_settings(runtime.settings)
            package = export_awards(session, publisher, criteria.get("round_id"), principal)
        response = Response(package_json(package), mimetype="application/json")
        response.headers["Content-Disposition"] = attachment_disposition(export_filename())
        return response
