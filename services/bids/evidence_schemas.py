"""Evidence's HTTP input and output schemas."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest.fields import Upload
from werkzeug.datastructures import FileStorage

from services.bids.models import EvidenceFile
from shared.http.fields import messages
from shared.reference import EVIDENCE_TYPES

_TYPES = ", ".join(sorted(EVIDENCE_TYPES))


class EvidenceSchema(ma.Schema):
    id = ma.fields.String()
    filename = ma.fields.String(metadata={"description": "The uploaded name, without folders or control characters"})
    content_type = ma.fields.String(metadata={"description": "The type found in the file's bytes"})
    size_bytes = ma.fields.Integer()
    sha256 = ma.fields.String()
    evidence_type = ma.fields.String(allow_none=True, metadata={"description": f"One of {_TYPES}, if given"})
    status = ma.fields.String(
        metadata={
            "description": "scanning: waiting for the virus check, cannot be downloaded yet; clean: checked, can be "
            "downloaded and counts towards submission; rejected: refused, see rejection_reason",
            "enum": list(EvidenceFile.STATUSES),
        }
    )
    rejection_reason = ma.fields.String(allow_none=True, metadata={"description": "Why the file was refused"})
    uploaded_at = ma.fields.AwareDateTime()
    uploaded_by = ma.fields.Dict(
        attribute="uploader", metadata={"description": "The uploader's role and name: a CSP officer or a provider"}
    )


def _a_file(value: object) -> None:
    # A part with no filename (or headers broken by one) arrives as a plain text field, not a file.
    if not isinstance(value, FileStorage):
        raise ma.ValidationError("Select a file to upload")


class UploadSchema(ma.Schema):
    file = Upload(
        required=True,
        validate=_a_file,
        error_messages=messages("Select a file to upload"),
        metadata={"description": "A PDF, Word document (DOCX), Excel spreadsheet (XLSX), PNG or JPEG"},
    )
    evidence_type = ma.fields.String(
        validate=ma.validate.OneOf(sorted(EVIDENCE_TYPES), error="Choose what kind of evidence this file is"),
        error_messages=messages("Choose what kind of evidence this file is"),
        metadata={"description": f"What the file is evidence of: {_TYPES}"},
    )


class DownloadLinkSchema(ma.Schema):
    url = ma.fields.String()
    expires_in_seconds = ma.fields.Integer()
