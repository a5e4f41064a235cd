"""The sample RIS one night later, for testing incremental runs.

`evolve(ris, fraction)` returns the RIS one night later (new papers, progressed consultations,
optionally deleted papers) and an `EvolveReport`.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import random
from dataclasses import dataclass

from ratsinfo.model import Beratung, Section
from sample_ris.generator import DEFAULT_START, Generator, paper_from_draft
from sample_ris.model import Meeting, SamplePaper, SampleRIS
from sample_ris.prose import ANSWER_EXTRA, fill, subject_values
from sample_ris.topics import TOPICS


class _Evolver(Generator):
    """The generator continuing an existing RIS: it also moves open consultations on, publishes
    decisions, and makes up special meetings when a committee has none in time."""

    def __init__(self, seed: int, end: dt.date, meetings: dict[int, list[Meeting]]) -> None:
        super().__init__(0, seed, DEFAULT_START, end, meetings=meetings)
        self.added_meetings: list[Meeting] = []  # special meetings made up on the way
        self.next_meeting_id = 0

    def held_meeting(self, org_id: int, lower: dt.date, after: dt.date) -> Meeting | None:
        """A meeting of `org_id` held in [lower, end]: preferably one after `after` (held
        "tonight"), else the latest one; None if the committee did not meet then."""
        ms = self.meetings.get(org_id, [])
        dates = self.meeting_dates.get(org_id, [])
        hi = bisect.bisect_right(dates, self.end)
        lo = bisect.bisect_left(dates, max(lower, after + dt.timedelta(days=1)))
        if lo < hi:
            return ms[lo]
        if bisect.bisect_left(dates, lower) < hi:
            return ms[hi - 1]
        return None

    def special_meeting(self, org_id: int) -> Meeting:
        """A special meeting ("Sondersitzung") of `org_id` on `end`, added to the calendar."""
        org = self.committees.get(org_id)
        genitive = org.genitive if org and org.genitive else f"({org.name if org else org_id})"
        m = Meeting(self.next_meeting_id, org_id, f"Sondersitzung {genitive}", self.end)
        self.next_meeting_id += 1
        dates = self.meeting_dates.setdefault(org_id, [])
        i = bisect.bisect_right(dates, m.date)
        self.meetings.setdefault(org_id, []).insert(i, m)
        dates.insert(i, m.date)
        self.added_meetings.append(m)
        return m

    def _open_step(self, p: SamplePaper) -> tuple[int, int, dt.date]:
        """(position, committee id, earliest possible meeting date) of p's first open step."""
        rows = p.beratungsfolge
        pos = next(
            b.position
            for b in rows
            if b.state == "Geplant" or (b.meeting_position and b.decision is None)
        )
        committee = next(b.committee for b in rows if b.position == pos)
        if pos <= len(p.committee_ids):
            org_id = p.committee_ids[pos - 1]
        else:
            org_id = next((o.id for o in self.committees.values() if o.name == committee), 0)
        lower = max(
            [p.date]
            + [
                b.date + dt.timedelta(days=1)
                for b in rows
                if b.date and b.decision is not None and b.position <= pos
            ]
        )
        return pos, org_id, lower

    def ready(self, p: SamplePaper, after: dt.date) -> bool:
        """Whether p's open consultation can be decided at a regular meeting held by `end`."""
        _, org_id, lower = self._open_step(p)
        return self.held_meeting(org_id, lower, after) is not None

    def _agenda_row(
        self, b: Beratung, m: Meeting, decision: str | None, mpos: int, state: str = "Erledigt"
    ) -> Beratung:
        """`b` (a committee's row) at meeting `m` with `decision`, as meeting row `mpos`."""
        if b.meeting_url is not None and f"SILFDNR={m.id}&" in b.meeting_url:
            meeting_url, agenda_item_url = b.meeting_url, b.agenda_item_url
        else:
            self.tolfdnr += 1
            meeting_url = f"/public/to010?SILFDNR={m.id}&TOLFDNR={self.tolfdnr}"
            agenda_item_url = f"/public/to020?TOLFDNR={self.tolfdnr}"
        return dataclasses.replace(
            b,
            state=state,
            date=m.date,
            meeting=m.name,
            decision=decision,
            meeting_url=meeting_url,
            agenda_item_url=agenda_item_url,
            meeting_position=mpos,
        )

    def progress(self, p: SamplePaper, after: dt.date) -> SamplePaper:
        """`p` one step further in its first open consultation (`after` is the day before the
        new days; the step happens by `end`):

        - a scheduled meeting without decision is decided: at a meeting of the committee held
          by `end` (preferably after `after`), else at a special meeting on `end`;
        - a "Geplant" row without meeting (or adjourned with "vertagt") gets a meeting row: decided
          at a meeting held by `end` if there is one, else the committee's next meeting is
          scheduled (state "Geplant", no decision yet), else a special meeting on `end` decides;
        - a row whose meetings are all decided only changes its state.
        A decided consultation's rows get state "Erledigt"; "planned" papers become "single".
        """
        pos, org_id, lower = self._open_step(p)
        rows = list(p.beratungsfolge)
        idx = [i for i, b in enumerate(rows) if b.position == pos]
        group = [rows[i] for i in idx]
        first = group[0]
        decision = self._decision(first.role or "")
        meeting_rows = [b for b in group if b.meeting_position]
        held = self.held_meeting(org_id, lower, after)
        done = [dataclasses.replace(b, state="Erledigt") for b in group]
        if meeting_rows and meeting_rows[-1].decision is None:  # scheduled: decided now
            last = meeting_rows[-1]
            m = held or self.special_meeting(org_id)
            new = [*done[:-1], self._agenda_row(last, m, decision, last.meeting_position)]
        elif not meeting_rows or (first.state == "Geplant" and meeting_rows[-1].decision):
            # no meeting yet, or adjourned ("vertagt"): the next meeting row
            mpos = meeting_rows[-1].meeting_position + 1 if meeting_rows else 1
            keep = done if meeting_rows else []
            base_row = meeting_rows[-1] if meeting_rows else first
            if held is not None:
                new = [*keep, self._agenda_row(base_row, held, decision, mpos)]
            elif (nxt := self._next_meeting(org_id, self.end + dt.timedelta(days=1))) is not None:
                keep = [dataclasses.replace(b, state="Geplant") for b in keep]
                new = [*keep, self._agenda_row(base_row, nxt, None, mpos, "Geplant")]
            else:
                new = [
                    *keep,
                    self._agenda_row(base_row, self.special_meeting(org_id), decision, mpos),
                ]
        else:  # every meeting decided, only the state was left open
            new = done
        rows[idx[0] : idx[-1] + 1] = new
        shape = "single" if p.shape == "planned" else p.shape
        return dataclasses.replace(p, beratungsfolge=tuple(rows), shape=shape, modified=self.end)

    def amend(self, p: SamplePaper) -> SamplePaper:
        """A change to a finished paper: its decision is published as a "Beschluss" section,
        or (when there is no decision, or it is published already) a dated "Nachtrag"."""
        decided = [b for b in p.beratungsfolge if b.date and b.decision not in (None, "vertagt")]
        extra = p.extra_sections
        if decided and not any(x.title == "Beschluss" for x in extra):
            b = decided[-1]
            assert b.date is not None
            lines = [f"{b.committee}, Sitzung am {b.date:%d.%m.%Y}: {b.decision}"]
            if p.section_spec is not None:
                spec = p.section_spec
                values = subject_values(spec.values_seed, spec.place, spec.year)
                lines.append(fill(TOPICS[spec.topic % len(TOPICS)].beschluss, values))
            section = Section("Beschluss", "\n".join(lines))
        else:
            n = sum(1 for x in extra if x.title.endswith("Nachtrag")) + 1
            section = Section(
                "Nachtrag" if n == 1 else f"{n}. Nachtrag",
                f"Nachtrag vom {self.end:%d.%m.%Y}:\n{self.rng.choice(ANSWER_EXTRA)}",
            )
        return dataclasses.replace(p, extra_sections=(*extra, section), modified=self.end)


@dataclass(frozen=True)
class EvolveReport:
    """What `evolve` did, as volfdnrs in ascending order."""

    end: dt.date  # the new "today" of the sample
    new: tuple[int, ...]  # papers appended at the newest end
    changed: tuple[int, ...]  # existing papers that changed (consultation progressed, section)
    deleted: tuple[int, ...]  # papers marked deleted (page 404, OParl "deleted": true)

    @property
    def touched(self) -> tuple[int, ...]:
        """New and changed papers: the round(fraction * len(papers)) that count as changed."""
        return self.new + self.changed


def _tolfdnr(b: Beratung) -> int:
    url = b.agenda_item_url or b.meeting_url or ""
    _, _, tail = url.partition("TOLFDNR=")
    digits = tail.split("&", 1)[0]
    return int(digits) if digits.isdigit() else 0


def evolve(
    ris: SampleRIS, fraction: float, seed: int = 0, days: int = 1, deleted: int = 0
) -> tuple[SampleRIS, EvolveReport]:
    """The RIS `days` later ("one night" by default), as a new `SampleRIS`; `ris` is untouched.

    Exactly round(fraction * len(ris.papers)) papers count as changed: about half are new
    papers appended at the newest end (dated in the new days, volfdnrs and references continuing
    the sequences), the rest are existing papers whose open Beratungsfolge progresses by one
    consultation (see `_Evolver.progress`); when too few papers are open, the newest finished
    ones get a "Beschluss" or "Nachtrag" section instead. Changed papers get `modified` = the
    new `end`. `deleted` further papers (neither new nor changed) are marked deleted. The seed
    papers never change. Unchanged papers are the same objects as in `ris`. Deterministic in
    (ris, fraction, seed, days, deleted).
    """
    if fraction < 0 or days < 1 or deleted < 0:
        raise ValueError("fraction and deleted must be >= 0, days >= 1")
    old_end = ris.today
    end = old_end + dt.timedelta(days=days)
    papers = list(ris.papers)
    total = round(fraction * len(papers))

    by_org: dict[int, list[Meeting]] = {o.id: [] for o in ris.committees}
    for m in sorted(ris.meetings, key=lambda m: (m.date, m.id)):
        by_org.setdefault(m.organization_id, []).append(m)
    g = _Evolver(seed, end, meetings=by_org)
    g.rng = random.Random(f"evolve:{seed}:{old_end.isoformat()}:{len(papers)}:{days}")
    g.committees = {o.id: o for o in ris.committees} or g.committees
    g.sequential = True
    g.next_meeting_id = max((m.id for m in ris.meetings), default=1_000_099) + 1
    g.tolfdnr = max([g.tolfdnr] + [_tolfdnr(b) for p in papers for b in p.beratungsfolge])
    g.number = max(
        [g.number] + [int(p.reference[3:8]) for p in papers if p.reference[3:8].isdigit()]
    )
    g.recent = [p.reference for p in papers[-300:] if not p.vorlage.parent_reference]
    rng = g.rng

    def eligible(p: SamplePaper) -> bool:
        return not p.deleted and not p.fixed_sections  # the seed papers stay as they are

    n_new = (total + 1) // 2
    n_change = total - n_new
    open_ = [i for i, p in enumerate(papers) if eligible(p) and p.is_open]
    # consultations that can be decided at a regular meeting go first
    ready = [i for i in open_ if g.ready(papers[i], old_end)]
    waiting = [i for i in open_ if i not in set(ready)]
    chosen = rng.sample(ready, min(n_change, len(ready)))
    chosen += rng.sample(waiting, min(n_change - len(chosen), len(waiting)))
    chosen.sort()
    for i in chosen:
        papers[i] = g.progress(papers[i], old_end)
    amended: list[int] = []
    if len(chosen) < n_change:  # too few open papers: change the newest finished ones
        taken = set(chosen)
        for i in range(len(papers) - 1, -1, -1):
            if len(chosen) + len(amended) == n_change:
                break
            if i not in taken and eligible(papers[i]):
                amended.append(i)
        for i in sorted(amended):
            papers[i] = g.amend(papers[i])
    changed_idx = set(chosen) | set(amended)
    n_new = total - len(changed_idx)  # whatever could not be a change is a new paper

    removable = [i for i, p in enumerate(papers) if eligible(p) and i not in changed_idx]
    removed = sorted(rng.sample(removable, min(deleted, len(removable))))
    for i in removed:
        papers[i] = dataclasses.replace(papers[i], deleted=True, modified=end)

    new_ids: list[int] = []
    volfdnr = max((p.volfdnr for p in papers), default=1_010_000)
    file_id = max((p.file_id for p in papers), default=2_100_000)
    refs = {p.reference: p.volfdnr for p in papers}
    for k in range(n_new):
        d = old_end + dt.timedelta(days=1 + k * days // n_new)
        draft = g.draft(d)
        volfdnr += rng.randint(1, 3)
        file_id += 2 + volfdnr % 3
        related = tuple(refs[r] for r in draft.related_refs if r in refs)
        papers.append(paper_from_draft(draft, volfdnr, file_id, (), (), related))
        refs[draft.reference] = volfdnr
        g.recent.append(draft.reference)
        new_ids.append(volfdnr)

    meetings = ris.meetings
    if g.added_meetings:
        meetings = tuple(sorted((*ris.meetings, *g.added_meetings), key=lambda m: (m.date, m.id)))
    evolved = dataclasses.replace(ris, papers=tuple(papers), meetings=meetings, end=end)
    report = EvolveReport(
        end=end,
        new=tuple(new_ids),
        changed=tuple(sorted(papers[i].volfdnr for i in changed_idx)),
        deleted=tuple(papers[i].volfdnr for i in removed),
    )
    return evolved, report
