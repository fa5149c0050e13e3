"""Which rows the current principal may touch: one ORM criterion, and PostgreSQL's row-level security.

The access in force is a context variable. A web request sets it from the principal and the permission
table's scope for the operation; everything else (consumers, relays, the CLI) runs as the system and
sees every row. Two layers enforce it:
  - every ORM SELECT on a `CspOwned` class gets `csp_id = <their CSP>` (or `bid = <invited bid>`);
  - on PostgreSQL, each transaction starts with the access written into `safergrants.*` settings, which
    the tables' row-level-security policies read (`rls.py`), so raw SQL is scoped too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import ClassVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from shared.auth.principal import Principal


@dataclass(frozen=True)
class Access:
    """What the code running now may see. `kind` is what row-level security reads."""

    kind: str  # "system", "all", "csp", "bid", or "none"
    principal: Principal | None = None
    csp_id: str | None = None
    bid_id: str | None = None

    @property
    def scoped(self) -> bool:
        return self.kind not in ("system", "all")


SYSTEM = Access("system")
NOBODY = Access("none")  # a request that has not (yet) been allowed anything

_access: ContextVar[Access] = ContextVar("safergrants_access", default=SYSTEM)


def current_access() -> Access:
    return _access.get()


def access_for(principal: Principal, scope: str) -> Access:
    """The access the permission table's scope ("all", "own", "invited") gives this principal."""
    if scope == "all":
        return Access("all", principal)
    if scope == "invited":
        return Access("bid", principal, principal.csp_id, principal.bid_id)
    return Access("csp", principal, principal.csp_id)


def enter(access: Access):
    return _access.set(access)


def leave(token) -> None:
    _access.reset(token)


@contextmanager
def acting_as(access: Access) -> Iterator[None]:
    token = _access.set(access)
    try:
        yield
    finally:
        _access.reset(token)


@contextmanager
def as_system(reason: str, session: Session) -> Iterator[None]:
    """See every row for one step in `session`, stating why: for example, matching a bid against every
    CSP's bids whose results are then redacted. The reason is for the reader; every use is one to review.

    On PostgreSQL the transaction's row-level-security settings are rewritten on the way in and out,
    since they were written for the request's principal when the transaction began.
    """
    del reason
    postgres = session.get_bind().dialect.name == "postgresql"
    try:
        with acting_as(SYSTEM):
            if postgres:
                _set_database_access(session.connection())
            yield
    finally:
        if postgres and session.in_transaction():
            _set_database_access(session.connection())


class CspOwned:
    """Marker for rows that belong to one CSP: the class has a `csp_id` column.

    `invited_bid_column` names the column holding the bid a provider contributor may reach, or None when
    provider contributors may reach none of these rows.
    """

    invited_bid_column: ClassVar[str | None] = None
    _subclasses: ClassVar[list[type]] = []

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        CspOwned._subclasses.append(cls)


def _criterion(cls: type, access: Access):
    if access.kind == "csp":
        return cls.csp_id == access.csp_id
    column = cls.invited_bid_column if access.kind == "bid" else None
    return getattr(cls, column) == access.bid_id if column else sa.false()


def _add_criteria(state: ORMExecuteState) -> None:
    access = _access.get()
    if not access.scoped or not (state.is_select or state.is_update or state.is_delete):
        return
    options = [
        with_loader_criteria(cls, _criterion(cls, access), include_aliases=True)
        for cls in CspOwned._subclasses
        if "__table__" in cls.__dict__
    ]
    state.statement = state.statement.options(*options)


def _set_database_access(connection) -> None:
    access = _access.get()
    connection.exec_driver_sql(
        "SELECT set_config('safergrants.scope', %(kind)s, true), set_config('safergrants.csp_id', %(csp)s, true),"
        " set_config('safergrants.bid_id', %(bid)s, true)",
        {"kind": access.kind, "csp": access.csp_id or "", "bid": access.bid_id or ""},
    )


_installed = False


def install(engine: Engine) -> None:
    """Scope ORM queries (once per process) and, on PostgreSQL, every transaction on this engine."""
    global _installed
    if not _installed:
        event.listen(Session, "do_orm_execute", _add_criteria)
        _installed = True
    if engine.dialect.name == "postgresql":
        event.listen(engine, "begin", _set_database_access)
