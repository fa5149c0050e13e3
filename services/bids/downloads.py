"""Serves evidence in embedded mode, where no S3 server signs the short-lived links.

The token in the URL is the capability: signed, short-lived, naming one stored object.
"""

from __future__ import annotations

from flask import Blueprint, current_app, send_file

from shared.http.problems import problem_response
from shared.storage.local import LocalEvidenceStore
from shared.storage.port import DownloadLinkExpired, DownloadLinkInvalid, ObjectNotFound

downloads = Blueprint("evidence_downloads", __name__)


@downloads.get("/evidence-downloads/<token>")
def download(token: str):
    store = current_app.extensions["safergrants"].evidence
    if not isinstance(store, LocalEvidenceStore):
        return problem_response(404, "Downloads are served by the evidence store", kind="not-found")
    try:
        key, filename, content_type = store.resolve_download(token)
        stream = store.open(key)
    except DownloadLinkExpired:
        return problem_response(403, "This download link has expired: ask for a new one", kind="link-expired")
    except DownloadLinkInvalid:
        return problem_response(404, "This download link is not valid", kind="not-found")
    except ObjectNotFound:
        return problem_response(404, "This file is no longer stored", kind="not-found")
    response = send_file(stream, mimetype=content_type, as_attachment=True, download_name=filename)
    # The media type is the uploader's word: never let a browser second-guess it into HTML.
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
