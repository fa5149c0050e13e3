"""One grant the register holds twice: from the OPCC's own list and from the funder's 360Giving data.

The OPCC records what it knows of a Safer Streets award when it learns of it; the Home Office publishes the
same award later. Both are kept (each source's records are its own, and imports are idempotent by source and
id), so a duplicate check would otherwise find the one grant twice, and a reviewer would decide it twice.

Two records from different sources are taken for the same grant when they agree on what makes a grant: the
funder, the amount, the planned start and end, at least one CSP or district, and the programme where both
name one. The recipient's name is not compared: the OPCC and a funder name one recipient differently ("Office
of the Police and Crime Commissioner for Leicestershire", "Police and Crime Commissioner for Leicestershire"),
and a second grant with the same funder, amount, days and place would be a duplicate worth a look anyway.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from services.grants.matching.normalise import org_id_key, org_name_key, programme_key, programmes_match
from services.grants.matching.scorer import Finding
from services.grants.register.model import RegisterRecord

_WHERE = ("CSP:", "LAD:")  # a police force area is too wide to say two grants are for one place


def same_grant(a: RegisterRecord, b: RegisterRecord) -> bool:
    return (
        a.source != b.source
        and a.amount_pence == b.amount_pence
        and a.starts_on is not None
        and (a.starts_on, a.ends_on) == (b.starts_on, b.ends_on)
        and _same_funder(a, b)
        and bool(_places(a) & _places(b))
        and (not (a.programme and b.programme) or programmes_match(*map(programme_key, (a.programme, b.programme))))
    )


def grouped(records: Iterable[RegisterRecord]) -> list[list[RegisterRecord]]:
    """The records in groups of one grant each, in the order each group's first record came."""
    groups: list[list[RegisterRecord]] = []
    for record in records:
        for group in groups:
            if any(same_grant(record, other) for other in group):
                group.append(record)
                break
        else:
            groups.append([record])
    return groups


@dataclass(frozen=True)
class OneGrant:
    """A finding as a check shows it: for a grant the register holds twice, one record stands for it."""

    finding: Finding  # the record shown
    best: Finding  # the grant's highest-scored record: its score and band are the grant's
    also: tuple[RegisterRecord, ...] = ()  # the grant's other records the viewer may see


def one_per_grant(session: Session, findings: list[Finding], confidential_shown: bool) -> list[OneGrant]:
    """Ranked findings with each grant once, where its best-scored record came. The record shown is the best
    the viewer may see: a CSP (`confidential_shown` False) is shown the public record of a grant the OPCC also
    holds in confidence, and is not told of the confidential one, since both describe the same grant."""
    records = {f.candidate_id: session.get(RegisterRecord, f.candidate_id) for f in findings if f.kind == "register"}
    group_of = {record.id: group for group in grouped(records.values()) for record in group}
    by_id = {f.candidate_id: f for f in findings if f.kind == "register"}
    shown, done = [], set()
    for finding in findings:
        group = group_of.get(finding.candidate_id) if finding.kind == "register" else None
        if group is None or len(group) == 1:
            shown.append(OneGrant(finding, finding))
            continue
        if id(group) in done:
            continue
        done.add(id(group))
        visible = [record for record in group if confidential_shown or not record.confidential]
        stands_for = visible[0] if visible else group[0]
        others = tuple(record for record in visible if record is not stands_for)
        shown.append(OneGrant(by_id[stands_for.id], finding, others))
    return shown


def _same_funder(a: RegisterRecord, b: RegisterRecord) -> bool:
    if a.funder_org_id and b.funder_org_id:
        return org_id_key(a.funder_org_id) == org_id_key(b.funder_org_id)
    return org_name_key(a.funder_name) == org_name_key(b.funder_name)


def _places(record: RegisterRecord) -> set[str]:
    return {place for place in record.places or () if place.startswith(_WHERE)}
