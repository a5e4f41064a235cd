"""Typed records of the domain: what parsing and extraction produce.

Column names follow OParl where OParl has the concept (reference, paper_type, role) and keep the
German domain terms the project uses for tables (vorlagen, beratungsfolge). The same names are the
keys of `ratsinfo parse` output (see README, "Data contract") and the columns of the warehouse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

PERIODS = ("annual", "monthly", "quarterly", "hourly", "one-off")


@dataclass(frozen=True, slots=True)
class Vorlage:
    """One paper (Vorlage / Drucksache) as its Grunddaten describe it."""

    reference: str
    subject: str | None
    paper_type: str | None
    status: str | None
    lead_department: str | None
    participating_departments: tuple[str, ...] = ()
    responsible: str | None = None
    parent_reference: str | None = None
    related_references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Beratung:
    """One row of the Beratungsfolge: a committee's consultation at one meeting (or none yet)."""

    position: int  # 1-based order of the consultation (committee row) in the table
    committee: str
    role: str | None  # Anhörung, Vorberatung, Entscheidung, Kenntnisnahme, zur Kenntnis ...
    state: str | None  # Geplant, Erledigt, Gestoppt ...
    date: dt.date | None = None
    meeting: str | None = None
    decision: str | None = None
    meeting_url: str | None = None
    agenda_item_url: str | None = None
    meeting_position: int = 0  # 1-based order of the meeting under its committee, 0 = none yet


@dataclass(frozen=True, slots=True)
class Section:
    """An inline text section of a paper page (Sachverhalt, Begründung, Beschlussvorschlag ...)."""

    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Answer:
    """The administration's answer to one numbered question."""

    question_label: str  # as printed: "1", "2", "2a", "2a/b", "1 und 2", "1 bis 3"
    position: int  # 1-based order in the answering text
    answer_text: str
    question_text: str | None = None
    asked_by: str | None = None
    asked_on: dt.date | None = None
    refers_to: str | None = None  # label of the answer it points to: "Siehe Antwort zu Frage 2"


@dataclass(frozen=True, slots=True)
class Funding:
    """One amount of money named in a paper's text."""

    amount: Decimal  # full currency units, e.g. Decimal("20000.00")
    currency: str  # ISO 4217, "EUR"
    period: str | None  # one of PERIODS, or None when the text does not say
    role: str | None  # grant, cost, fee, budget, revenue, ... or None
    funder: str | None
    recipient: str | None
    applies_from: str | None  # as written, e.g. "Ende 2018", "2025", "Haushaltsjahr 2024"
    text: str  # the sentence the amount stands in
    position: int  # 1-based order of the amount in the text
    amount_max: Decimal | None = None  # upper bound when the text gives a range


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """Everything one ALLRIS paper page yields."""

    vorlage: Vorlage
    beratungsfolge: tuple[Beratung, ...] = ()
    sections: tuple[Section, ...] = ()
    files: tuple[tuple[str, str], ...] = field(default=())  # (title, url) of linked documents

    @property
    def text(self) -> str:
        """The page's inline text sections joined, for the extractors."""
        return "\n\n".join(s.text for s in self.sections if s.text)
