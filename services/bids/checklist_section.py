"""One section of a draft's completeness checklist, and what it still needs."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Section:
    id: str
    title: str
    missing: list[dict] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "incomplete" if self.missing else "complete"

    def need(self, name: str, detail: str) -> None:
        self.missing.append({"field": name, "detail": detail})


def blank(value) -> bool:
    return not (value or "").strip()
