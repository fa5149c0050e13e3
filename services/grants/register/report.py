"""What an import did: counts, and each rejected row with the field at fault and why."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.grants.register.importers import ParsedRow, Problem

LISTED_REJECTIONS = 1000  # enough to fix a file by; a file that is all wrong needs fixing whole anyway


@dataclass(frozen=True)
class Rejection:
    row: int
    id: str
    field: str
    message: str


@dataclass
class ImportReport:
    batch_id: str
    source: str
    format: str
    filename: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0  # rows; a row may have several rejections, one per field at fault
    own_awards: int = 0  # grants the OPCC funded: the register has them already, from SaferGrants
    rejections: list[Rejection] = field(default_factory=list)
    rejections_not_listed: int = 0
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected + self.own_awards

    def reject(self, row: ParsedRow, problems: tuple[Problem, ...] | None = None) -> None:
        self.rejected += 1
        for problem in problems or row.problems:
            if len(self.rejections) < LISTED_REJECTIONS:
                self.rejections.append(Rejection(row.number, row.source_id, problem.field, problem.message))
            else:
                self.rejections_not_listed += 1

    def lines(self) -> list[str]:
        """The report as a person reads it at a terminal."""
        found = [
            f"Imported {self.filename or 'the file'} as {self.format} into {self.source!r} (batch {self.batch_id})",
            f"  {self.rows} rows: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected} rejected",
        ]
        if self.own_awards:
            found.append(
                f"  {self.own_awards} of them the OPCC's own awards, not imported: the register has each one already, "
                "as SaferGrants made it"
            )
        if self.ignored_columns:
            found.append(f"  Columns ignored (not in the 360Giving standard): {', '.join(self.ignored_columns)}")
        for rejection in self.rejections:
            where = f"row {rejection.row}" + (f" ({rejection.id})" if rejection.id else "")
            found.append(f"  {where}: {rejection.field or 'row'}: {rejection.message}")
        if self.rejections_not_listed:
            found.append(f"  … and {self.rejections_not_listed} more problems not listed")
        return found
