"""`Idempotency-Key`: a request repeated with the same key gets the first answer again, and does nothing.

Keys are the caller's own (per user): the same key with the same request replays the stored response;
the same key with a different request is refused, because the caller has mixed two things up.
Answers are kept for `LIFETIME`: after that a key is new again, and the background sweep deletes them.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Response, jsonify, request
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from services.bids.db import Base
from shared.auth.principal import Principal
from shared.auth.scoping import CspOwned
from shared.clock import utcnow
from shared.db import UTCDateTime, unit_of_work
from shared.http.problems import DomainProblem

HEADER = "Idempotency-Key"
_KEY = re.compile(r"[\x21-\x7e]{1,255}")  # visible ASCII, as the header field's value
# Stripe's convention: far longer than any client retries a request, short enough not to keep answers for ever.
LIFETIME = timedelta(hours=24)


class IdempotentRequest(CspOwned, Base):
    __tablename__ = "idempotent_request"
    invited_bid_column = "bid_id"

    user_id: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    bid_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    csp_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    status_code: Mapped[int]
    body: Mapped[dict] = mapped_column(sa.JSON)
    headers: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def offered_key() -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not _KEY.fullmatch(key):
        raise DomainProblem(
            "The Idempotency-Key header is not one this service can keep",
            errors={HEADER: "Send an Idempotency-Key of 1 to 255 letters, digits or symbols, such as a UUID"},
            kind="invalid-request",
        )
    return key


def fingerprint() -> str:
    """What makes two requests the same request: method, path and body."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def stored_response(session: Session, principal: Principal, key: str, print_: str) -> Response | None:
    found = session.get(IdempotentRequest, (principal.user_id, key))
    if found is None:
        return None
    if found.created_at <= utcnow() - LIFETIME:
        # Expired but not yet swept: the key is new again, so make room for the answer to this request.
        session.execute(_expired().where(IdempotentRequest.user_id == principal.user_id, IdempotentRequest.key == key))
        return None
    if found.fingerprint != print_:
        raise DomainProblem(
            "This Idempotency-Key was already used for a different request: use a new key for each new request",
            errors={HEADER: "Use a new Idempotency-Key for each new request"},
            kind="idempotency-key-reused",
        )
    response = jsonify(found.body)  # serialised as the first answer was
    response.status_code = found.status_code
    response.headers.update(found.headers)
    return response


def remember(session: Session, principal: Principal, key: str, print_: str, bid, response: Response) -> None:
    session.add(
        IdempotentRequest(
            user_id=principal.user_id,
            key=key,
            fingerprint=print_,
            bid_id=bid.id,
            csp_id=bid.csp_id,
            status_code=response.status_code,
            body=response.get_json(),
            headers={name: value for name, value in response.headers.items() if name in ("ETag",)},
        )
    )
    session.flush()


def forget_expired(session_factory: sessionmaker[Session]) -> int:
    """Delete the answers older than `LIFETIME`; how many. Part of bids' periodic sweep."""
    with unit_of_work(session_factory) as session:
        return session.execute(_expired().execution_options(synchronize_session=False)).rowcount


def _expired() -> sa.Delete:
    return sa.delete(IdempotentRequest).where(IdempotentRequest.created_at <= utcnow() - LIFETIME)
