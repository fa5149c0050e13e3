"""The funding register's HTTP edge: the OPCC imports and marks records; every signed-in role may search."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from services.grants.register import imports, records
from services.grants.register.importers import UnreadableFile
from services.grants.register.schemas import (
    ConfidentialSchema,
    ImportFileSchema,
    ImportOptionsSchema,
    ImportReportSchema,
    RecordPageSchema,
    RecordQuerySchema,
    RecordSchema,
)
from shared.db import unit_of_work
from shared.http.api import ServiceBlueprint, current_principal
from shared.http.problems import DomainProblem

register = ServiceBlueprint(
    "register", __name__, url_prefix="/register", description="The funding register: every known award, any funder"
)


def _service():
    return current_app.extensions["safergrants"]


@register.route("/imports")
class Imports(MethodView):
    @register.arguments(ImportOptionsSchema, location="query")
    @register.arguments(ImportFileSchema, location="files")
    @register.response(200, ImportReportSchema)
    def post(self, options, files):
        """Import a 360Giving JSON package, a 360Giving CSV or the local register template.

        Importing the same file again changes nothing; rows that cannot be imported are listed with the
        reason, and every other row is imported. Grants the OPCC itself funded are counted and left out: the
        register has each of our awards already.
        """
        current_principal()
        upload, runtime = files["file"], _service()
        try:
            return imports.import_file(
                runtime.session_factory,
                upload.stream,
                filename=upload.filename or "",
                file_format=options.get("format"),
                source=options.get("source_name"),
                own_funder_org_id=runtime.settings.threesixty_funder_org_id,
            )
        except UnreadableFile as error:
            raise DomainProblem(
                "The file cannot be imported", errors={"file": str(error)}, kind="unreadable-file"
            ) from None


@register.route("/records")
class Records(MethodView):
    @register.arguments(RecordQuerySchema, location="query")
    @register.response(200, RecordPageSchema)
    def get(self, criteria):
        """Search the register. Confidential records are shown to the OPCC only, and counted for them only."""
        principal = current_principal()
        with _service().session_factory() as session:
            return records.search_records(session, principal, criteria)


@register.route("/records/<id:record_id>")
class RecordById(MethodView):
    @register.response(200, RecordSchema)
    def get(self, record_id):
        """Show one record (a confidential one is not found, except by the OPCC)."""
        principal = current_principal()
        with _service().session_factory() as session:
            return records.get_record(session, principal, record_id)

    @register.arguments(ConfidentialSchema)
    @register.response(200, RecordSchema)
    def patch(self, fields, record_id):
        """Mark a record confidential, hiding it from CSPs and providers, or make it public again."""
        principal = current_principal()
        with unit_of_work(_service().session_factory) as session:
            return records.mark_confidential(session, principal, record_id, fields["confidential"])
