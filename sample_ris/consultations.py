"""The meeting calendar of the sample RIS and the Beratungsfolge rows drawn from it.

`meeting_calendar` lays out each committee's meetings (ALLRIS SILFDNR ids); `Consultations`
turns a chain of (committee, role) into Beratungsfolge rows at those meetings, numbering the
agenda items (ALLRIS TOLFDNR) as it goes. The paper generator (generator.py) and the evolution
one night later (evolve.py) build on it.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import random

from ratsinfo.model import Beratung
from sample_ris.model import Meeting, Organization
from sample_ris.seed import AUSSCHUSS_VIELFALT, RAT, SEED_MEETING_DATE, VERWALTUNGSAUSSCHUSS

ROLES = ("Anhörung", "Vorberatung", "Entscheidung", "Kenntnisnahme", "zur Kenntnis")
DECISIONS = (
    "zur Kenntnis genommen",
    "beschlossen",
    "ungeändert beschlossen",
    "abgelehnt",
    "geändert beschlossen",
    "vertagt",
)
RECENT_DAYS = 120  # only papers younger than this (at `end`) may have an open Beratungsfolge


def _term_start(d: dt.date) -> dt.date:
    start = dt.date(2016, 11, 1)
    for year in (2021, 2026):
        if d >= dt.date(year, 11, 1):
            start = dt.date(year, 11, 1)
    return start


_INTERVALS = {RAT: 49, VERWALTUNGSAUSSCHUSS: 14}


def meeting_calendar(
    rng: random.Random, committees: tuple[Organization, ...], start: dt.date, end: dt.date
) -> dict[int, list[Meeting]]:
    """Each committee's meetings from `start` to 120 days after `end` (ALLRIS SILFDNR ids)."""
    dates: list[tuple[dt.date, int]] = []
    for org in committees:
        interval = _INTERVALS.get(org.id, 42 if org.classification == "Stadtbezirksrat" else 35)
        if org.id == AUSSCHUSS_VIELFALT:
            anchor = SEED_MEETING_DATE
        else:
            anchor = start + dt.timedelta(days=rng.randrange(interval))
        d = anchor
        while d > start:
            d -= dt.timedelta(days=interval)
        while d <= end + dt.timedelta(days=120):
            # the anchor stays put (the seed papers' meeting on 07.05.2025); others jitter a bit
            day = d if d == anchor else d + dt.timedelta(days=rng.randint(-2, 2))
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            if day >= start:
                dates.append((day, org.id))
            d += dt.timedelta(days=interval)
    dates.sort()
    by_org: dict[int, list[Meeting]] = {org.id: [] for org in committees}
    genitive = {org.id: org.genitive for org in committees}
    counts: dict[tuple[int, dt.date], int] = {}
    for i, (day, org_id) in enumerate(dates):
        key = (org_id, _term_start(day))
        counts[key] = counts.get(key, 0) + 1
        name = f"{counts[key]}. Sitzung {genitive[org_id]}"
        hour = 15 if org_id != RAT else 14
        by_org[org_id].append(Meeting(1_000_100 + i, org_id, name, day, hour))
    return by_org


class Consultations:
    """Beratungsfolge rows for papers, at the meetings of `meetings` (by committee id, each
    list by date); `end` is the sample's "today": later meetings are not held yet."""

    def __init__(
        self,
        rng: random.Random,
        committees: dict[int, Organization],
        meetings: dict[int, list[Meeting]],
        end: dt.date,
    ) -> None:
        self.rng = rng
        self.end = end
        self.committees = committees
        self.meetings = meetings
        self.meeting_dates = {k: [m.date for m in v] for k, v in self.meetings.items()}
        self.tolfdnr = 1_080_000

    def _next_meeting(self, org_id: int, after: dt.date) -> Meeting | None:
        dates = self.meeting_dates.get(org_id, [])
        i = bisect.bisect_left(dates, after)
        return self.meetings[org_id][i] if i < len(dates) else None

    def _row(
        self,
        pos: int,
        org_id: int,
        role: str,
        state: str,
        m: Meeting | None = None,
        decision: str | None = None,
        mpos: int = 0,
    ) -> Beratung:
        org = self.committees[org_id]
        if m is None:
            return Beratung(pos, org.name, role, state)
        self.tolfdnr += 1
        tid = self.tolfdnr
        return Beratung(
            position=pos,
            committee=org.name,
            role=role,
            state=state,
            date=m.date,
            meeting=m.name,
            decision=decision,
            meeting_url=f"/public/to010?SILFDNR={m.id}&TOLFDNR={tid}",
            agenda_item_url=f"/public/to020?TOLFDNR={tid}",
            meeting_position=mpos,
        )

    def _decision(self, role: str) -> str:
        rng = self.rng
        if role in ("Kenntnisnahme", "zur Kenntnis"):
            return "zur Kenntnis genommen"
        if role == "Anhörung":
            return rng.choice(("ungeändert beschlossen", "beschlossen", "geändert beschlossen"))
        if role == "Vorberatung":
            return rng.choice(
                (
                    "ungeändert beschlossen",
                    "ungeändert beschlossen",
                    "beschlossen",
                    "geändert beschlossen",
                    "abgelehnt",
                )
            )
        return rng.choice(
            (
                "beschlossen",
                "ungeändert beschlossen",
                "ungeändert beschlossen",
                "geändert beschlossen",
                "abgelehnt",
            )
        )

    def is_recent(self, d: dt.date) -> bool:
        """Whether a paper dated `d` may still be open (younger than RECENT_DAYS at `end`)."""
        return (self.end - d).days < RECENT_DAYS

    def consult(
        self, chain: list[tuple[int, str]], d: dt.date, shape: str
    ) -> tuple[tuple[Beratung, ...], tuple[int, ...], str]:
        """Beratungsfolge rows for `chain` of (committee, role) starting after date `d`.

        Only recent papers (see `is_recent`) may stay open; for older ones "planned" becomes
        "single", and a consultation that could not be held by `end` is "Gestoppt" (with every
        later one), so an old paper never has a row "Geplant" or a meeting without decision.
        """
        rng = self.rng
        rows: list[Beratung] = []
        ids = tuple(c for c, _ in chain)
        old = not self.is_recent(d)
        if shape == "none":
            return (), (), "none"
        if shape == "planned" and old:
            shape = "single"
        if shape == "planned":
            return (
                tuple(self._row(i, c, r, "Geplant") for i, (c, r) in enumerate(chain, 1)),
                ids,
                "planned",
            )
        if shape == "stopped":
            c, r = chain[0]
            m = self._next_meeting(c, d + dt.timedelta(days=rng.randint(7, 21)))
            if m is not None and m.date <= self.end and rng.random() < 0.5:
                rows.append(self._row(1, c, r, "Gestoppt", m, "zurückgezogen", 1))
            else:
                rows.append(self._row(1, c, r, "Gestoppt"))
            return tuple(rows), (c,), "stopped"
        t = d + dt.timedelta(days=rng.randint(7, 24))
        open_ = False  # an earlier committee has not decided yet: the later ones wait
        stopped = False  # an old paper whose consultation could not be held by `end`
        for pos, (c, role) in enumerate(chain, 1):
            if stopped:
                rows.append(self._row(pos, c, role, "Gestoppt"))
                continue
            m = None if open_ else self._next_meeting(c, t)
            if old and (m is None or m.date > self.end):
                rows.append(self._row(pos, c, role, "Gestoppt"))
                stopped = True
                continue
            if m is None:
                rows.append(self._row(pos, c, role, "Geplant"))
                open_ = True
                continue
            if m.date > self.end:  # scheduled, not held yet
                rows.append(self._row(pos, c, role, "Geplant", m, None, 1))
                open_ = True
                continue
            if shape == "adjourned" and pos == len(chain):
                m2 = self._next_meeting(c, m.date + dt.timedelta(days=1))
                if m2 is not None and m2.date <= self.end:
                    rows.append(self._row(pos, c, role, "Erledigt", m, "vertagt", 1))
                    rows.append(self._row(pos, c, role, "Erledigt", m2, self._decision(role), 2))
                    t = m2.date + dt.timedelta(days=1)
                    continue
                state = "Gestoppt" if old else "Geplant"
                rows.append(self._row(pos, c, role, state, m, "vertagt", 1))
                continue
            rows.append(self._row(pos, c, role, "Erledigt", m, self._decision(role), 1))
            t = m.date + dt.timedelta(days=1)
        return tuple(rows), ids, shape

    def copy_rows(
        self,
        rows: tuple[Beratung, ...],
        decision: str | None = None,
    ) -> tuple[Beratung, ...]:
        """The same consultation for a follow-up paper (new agenda items, same meetings)."""
        out = []
        for b in rows:
            if b.meeting_url is None:
                out.append(b)
                continue
            self.tolfdnr += 1
            sid = b.meeting_url.split("SILFDNR=")[1].split("&")[0]
            out.append(
                dataclasses.replace(
                    b,
                    meeting_url=f"/public/to010?SILFDNR={sid}&TOLFDNR={self.tolfdnr}",
                    agenda_item_url=f"/public/to020?TOLFDNR={self.tolfdnr}",
                    decision=decision
                    if decision and b.decision not in (None, "vertagt")
                    else b.decision,
                )
            )
        return tuple(out)
