"""Deterministic generator of a Braunschweig-like ALLRIS 4 council information system.

`generate(n, seed)` returns a `SampleRIS` with n generated papers plus the two hand-written seed
papers (25-25641 and 25-25641-01), oldest → newest. The same (n, seed, start, end) always yields
the same data. Papers keep their text as a small recipe (`SectionSpec`); `build_sections` writes
it out on demand, so 50,000 papers take a few seconds and little memory. Only papers younger
than RECENT_DAYS at `end` may have an open Beratungsfolge.

The topics and the text come from topics.py and prose.py, the meeting calendar and the
Beratungsfolge from consultations.py; evolve.py makes the RIS one night later.

Documents (rendered by render_pdf.py): every paper has its Vorlage and Sammeldokument. Some
Beschlussvorlagen and Stellungnahmen carry their text in the PDF only (`pdf_only`: VOLFDNR
divisible by 7); a quarter of the Beschluss-, Ergänzungs- and Dringlichkeitsvorlagen (VOLFDNR
≡ 1 mod 4) have an "Anlage 1 Kostenaufstellung" with a table of amounts. Both rules hold for the
papers evolve() adds as well. Once per sample (`special_documents`): one Anlage is attached to a
follow-up too (the same bytes under two File objects), one Anlage is a cut-off file, and one
paper has a scanned letter (an image, no text). The seed papers get none of these.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import random
from dataclasses import dataclass, field

from ratsinfo.model import Beratung, Vorlage
from sample_ris.consultations import Consultations, meeting_calendar
from sample_ris.model import (
    BROKEN,
    SCAN,
    TABLE,
    Attachment,
    Meeting,
    Organization,
    SamplePaper,
    SampleRIS,
)
from sample_ris.prose import SectionSpec, fill, subject_values
from sample_ris.seed import (
    BODY_NAME,
    BODY_SHORT_NAME,
    COMMITTEES,
    DEPARTMENTS,
    FRACTIONS,
    ORGANIZATIONS,
    RAT,
    SEED_REFERENCE,
    VERWALTUNGSAUSSCHUSS,
    seed_anfrage,
    seed_stellungnahme,
)
from sample_ris.topics import BEZIRKE, RESPONSIBLE, TOPICS

PAPER_TYPES = (
    "Beschlussvorlage",
    "Mitteilung",
    "Mitteilung außerhalb von Sitzungen",
    "Anfrage",
    "Stellungnahme",
    "Antrag",
    "Änderungsantrag",
    "Ergänzungsvorlage",
    "Dringlichkeitsvorlage",
)
SHAPES = ("none", "planned", "single", "adjourned", "sequence", "stopped")
PDF_ONLY_TYPES = ("Beschlussvorlage", "Stellungnahme")  # text in the PDF only: VOLFDNR % 7 == 0
TABLE_TYPES = ("Beschlussvorlage", "Ergänzungsvorlage", "Dringlichkeitsvorlage")  # % 4 == 1
DEFAULT_START = dt.date(2021, 1, 4)
DEFAULT_END = dt.date(2026, 12, 18)  # "today" of the sample: later meetings are not held yet

_STATUS_RELEASED = "öffentlich (Vorlage freigegeben)"


@dataclass
class _Draft:
    date: dt.date
    reference: str
    subject: str
    paper_type: str
    status: str
    lead: Organization | None
    lead_name: str | None
    participating: tuple[str, ...]
    responsible: str | None
    rows: tuple[Beratung, ...]
    committee_ids: tuple[int, ...]
    shape: str
    spec: SectionSpec | None
    fixed: SamplePaper | None = None
    topic: int = 0
    place: str = ""
    values_seed: int = 0
    asker: str | None = None
    n_questions: int = 0
    parent_ref: str | None = None
    related_refs: tuple[str, ...] = ()
    english: bool = False
    long_labels: bool = False
    children: list[str] = field(default_factory=list)


class Generator(Consultations):
    """Draws the papers of a sample RIS, oldest first, with their follow-ups."""

    def __init__(
        self,
        n: int,
        seed: int,
        start: dt.date,
        end: dt.date,
        meetings: dict[int, list[Meeting]] | None = None,
    ) -> None:
        if meetings is None:
            meetings = meeting_calendar(random.Random(seed + 1), COMMITTEES, start, end)
        super().__init__(random.Random(seed), {o.id: o for o in COMMITTEES}, meetings, end)
        self.n = n
        self.start = start
        self.span = max(1, (end - start).days)
        self.departments = {o.id: o for o in DEPARTMENTS}
        self.number = 15000
        self.sequential = False  # evolve(): references just continue the numbering
        self.recent: list[str] = []  # references of recent primary papers (for Bezugsdrucksache)
        self.pending: list[tuple[dt.date, int, _Draft]] = []  # follow-ups, by due date
        self.seq = 0

    def reference(self, d: dt.date) -> str:
        frac = (d - self.start).days / self.span
        floor = 0 if self.sequential else 15000 + int(frac * 14500)
        self.number = max(self.number + 1, floor)
        if self.number == int(SEED_REFERENCE[3:]):
            self.number += 1
        return f"{d.year % 100:02d}-{self.number:05d}"

    def spec(
        self,
        paper_type: str,
        topic: int,
        place: str,
        values_seed: int,
        year: int,
        n_questions: int = 0,
        asker: str | None = None,
        asked_on: dt.date | None = None,
        layout: str = "",
    ) -> SectionSpec | None:
        rng = self.rng
        if rng.random() < 0.03:
            return None  # a page with no inline text, only the PDF
        return SectionSpec(
            seed=rng.getrandbits(32),
            values_seed=values_seed,
            year=year,
            topic=topic,
            paper_type=paper_type,
            place=place,
            n_questions=n_questions,
            layout=layout,
            asker=asker,
            asked_on=asked_on,
            spacers=rng.random() < 0.3,
        )

    def draft(self, d: dt.date) -> _Draft:
        rng = self.rng
        paper_type = rng.choices(
            (
                "Beschlussvorlage",
                "Mitteilung",
                "Mitteilung außerhalb von Sitzungen",
                "Anfrage",
                "Antrag",
                "Dringlichkeitsvorlage",
            ),
            weights=(34, 16, 8, 22, 17, 3),
        )[0]
        ti = rng.randrange(len(TOPICS))
        topic = TOPICS[ti]
        pw = 3 if self.is_recent(d) else 1  # recent papers are often not yet scheduled
        place = rng.choice(BEZIRKE)
        vseed = rng.getrandbits(32)
        values = subject_values(vseed, place, d.year)
        committee = topic.committee
        dept = self.departments[topic.department]
        lead: Organization | None = dept
        participating: tuple[str, ...] = ()
        if rng.random() < 0.35:
            others = [o for o in DEPARTMENTS if o.id != dept.id]
            participating = tuple(o.name for o in rng.sample(others, rng.randint(1, 3)))
        responsible: str | None = rng.choice(RESPONSIBLE) if rng.random() < 0.85 else None
        status = _STATUS_RELEASED if rng.random() < 0.92 else "öffentlich"
        asker = None
        related: tuple[str, ...] = ()
        n_questions = 0
        if paper_type == "Beschlussvorlage":
            subject = fill(topic.thema, values)
            if self.recent and rng.random() < 0.12:
                ref = rng.choice(self.recent[-300:])
                related = (ref,)
                subject += rng.choice((f" - Bezugsdrucksache {ref}", f" (Bezug: {ref})"))
            district = self._district(place)
            chain_kind = rng.random()
            if chain_kind < 0.45:
                chain = [
                    (committee, "Vorberatung"),
                    (VERWALTUNGSAUSSCHUSS, "Vorberatung"),
                    (RAT, "Entscheidung"),
                ]
                if rng.random() < 0.4:
                    chain.insert(0, (district, "Anhörung"))
                shape = "sequence"
            elif chain_kind < 0.6:
                chain = [(committee, "Vorberatung"), (VERWALTUNGSAUSSCHUSS, "Entscheidung")]
                shape = "sequence"
            else:
                chain = [(rng.choice((committee, district)), "Entscheidung")]
                shape = rng.choices(
                    ("single", "adjourned", "planned", "stopped"), weights=(60, 15, 15 * pw, 10)
                )[0]
        elif paper_type.startswith("Mitteilung"):
            subject = rng.choice(
                (
                    f"Sachstandsbericht: {fill(topic.thema, values)}",
                    f"{fill(topic.thema, values)} - Sachstand",
                    fill(topic.thema, values),
                )
            )
            if paper_type == "Mitteilung":
                chain = [(committee, rng.choice(("Kenntnisnahme", "zur Kenntnis")))]
                shape = rng.choices(("single", "planned", "none"), weights=(75, 15 * pw, 10))[0]
            else:
                chain, shape = [], "none"
        elif paper_type == "Anfrage":
            fraction, asker = rng.choice(FRACTIONS)
            lead, participating, responsible = fraction, (), None
            subject = fill(topic.anfrage, values)
            paper_type = rng.choice(("Anfrage", "Anfrage (öffentlich)"))
            chain = [(committee if rng.random() < 0.7 else RAT, "zur Kenntnis")]
            shape = rng.choices(("single", "planned"), weights=(85, 15 * pw))[0]
            n_questions = rng.choice((2, 3, 3, 3, 4))
        elif paper_type == "Antrag":
            fraction, asker = rng.choice(FRACTIONS)
            lead, participating, responsible = fraction, (), None
            subject = fill(topic.antrag, values)
            target = committee if rng.random() < 0.6 else RAT
            if target == RAT and rng.random() < 0.5:
                chain = [
                    (committee, "Vorberatung"),
                    (VERWALTUNGSAUSSCHUSS, "Vorberatung"),
                    (RAT, "Entscheidung"),
                ]
                shape = "sequence"
            else:
                chain = [(target, "Entscheidung")]
                shape = rng.choices(
                    ("single", "adjourned", "stopped", "planned"), weights=(60, 20, 10, 10 * pw)
                )[0]
        else:  # Dringlichkeitsvorlage
            subject = fill(topic.thema, values)
            chain = [(rng.choice((RAT, VERWALTUNGSAUSSCHUSS)), "Entscheidung")]
            shape = "single"
        rows, ids, shape = self.consult(chain, d, shape)
        return _Draft(
            date=d,
            reference=self.reference(d),
            subject=subject,
            paper_type=paper_type,
            status=status if shape != "stopped" else "öffentlich",
            lead=lead,
            lead_name=lead.name if lead else None,
            participating=participating,
            responsible=responsible,
            rows=rows,
            committee_ids=ids,
            shape=shape,
            spec=self.spec(paper_type, ti, place, vseed, d.year, n_questions, asker),
            related_refs=related,
            english=rng.random() < 0.05,
            long_labels=rng.random() < 0.2,
            topic=ti,
            place=place,
            values_seed=vseed,
            asker=asker,
            n_questions=n_questions,
        )

    def _district(self, place: str) -> int:
        districts = [o.id for o in COMMITTEES if o.classification == "Stadtbezirksrat"]
        return districts[sum(map(ord, place)) % len(districts)]

    def follow_ups(self, p: _Draft) -> None:
        """Schedule the follow-ups of `p` (Stellungnahme, Ergänzungsvorlage, Änderungsantrag)."""
        rng = self.rng
        first_meeting = next((b.date for b in p.rows if b.date), None)
        kinds: list[str] = []
        base_type = p.paper_type
        if base_type.startswith("Anfrage") and rng.random() < 0.8:
            kinds.append("Stellungnahme")
        elif base_type == "Beschlussvorlage" and rng.random() < 0.12:
            kinds.append("Ergänzungsvorlage")
            if rng.random() < 0.25:
                kinds.append("Ergänzungsvorlage")
        elif base_type in ("Antrag", "Beschlussvorlage") and first_meeting and rng.random() < 0.1:
            kinds.append("Änderungsantrag")
        for k, kind in enumerate(kinds, 1):
            if first_meeting is not None:
                due = first_meeting - dt.timedelta(days=rng.randint(1, 6) + 3 * (len(kinds) - k))
                due = max(due, p.date + dt.timedelta(days=1))
            else:
                due = p.date + dt.timedelta(days=rng.randint(10, 40))
            due = min(due, self.end)
            spec = None
            lead, lead_name, participating = p.lead, p.lead_name, p.participating
            responsible = p.responsible
            subject, related = p.subject, p.related_refs
            rows = self.copy_rows(p.rows)
            if kind == "Stellungnahme":
                dept = self.departments[TOPICS[p.topic].department]
                lead, lead_name = dept, dept.name
                participating = ()
                if rng.random() < 0.3:
                    participating = (rng.choice([o.name for o in DEPARTMENTS if o.id != dept.id]),)
                responsible = rng.choice(RESPONSIBLE)
                spec = self.spec(
                    kind,
                    p.topic,
                    p.place,
                    p.values_seed,
                    p.date.year,
                    p.n_questions,
                    p.asker,
                    p.date,
                    rng.choice(("frage", "frage", "zu", "list")),
                )
                related = ()
            elif kind == "Ergänzungsvorlage":
                if rng.random() < 0.5:
                    subject = f"Ergänzung zu {p.reference}: {p.subject}"
                    related = (p.reference, *p.related_refs)
            else:  # Änderungsantrag
                fraction, _ = rng.choice(FRACTIONS)
                lead, lead_name, participating, responsible = fraction, fraction.name, (), None
                if rng.random() < 0.5:
                    subject = f"Änderungsantrag zur Vorlage {p.reference}"
                    related = (p.reference,)
                rows = self.copy_rows(
                    p.rows, rng.choice(("abgelehnt", "beschlossen", "geändert beschlossen"))
                )
            if kind != "Stellungnahme":
                spec = self.spec(kind, p.topic, p.place, p.values_seed, p.date.year)
            child = _Draft(
                date=due,
                reference=f"{p.reference}-{k:02d}",
                subject=subject,
                paper_type=kind,
                status=_STATUS_RELEASED,
                lead=lead,
                lead_name=lead_name,
                participating=participating,
                responsible=responsible,
                rows=rows,
                committee_ids=p.committee_ids,
                shape=p.shape,
                spec=spec,
                parent_ref=p.reference,
                related_refs=related,
                english=p.english,
                long_labels=rng.random() < 0.2,
                topic=p.topic,
                place=p.place,
                values_seed=p.values_seed,
            )
            p.children.append(child.reference)
            self.seq += 1
            heapq.heappush(self.pending, (due, self.seq, child))

    def run(self) -> list[_Draft]:
        out: list[_Draft] = []
        seeds = [seed_anfrage(), seed_stellungnahme()]
        seed_drafts = [
            _Draft(
                date=s.date,
                reference=s.reference,
                subject=s.vorlage.subject or "",
                paper_type=s.vorlage.paper_type or "",
                status=s.vorlage.status or "",
                lead=None,
                lead_name=None,
                participating=(),
                responsible=None,
                rows=(),
                committee_ids=(),
                shape=s.shape,
                spec=None,
                fixed=s,
                parent_ref=s.vorlage.parent_reference,
            )
            for s in seeds
        ]
        seed_drafts[0].children.append(seed_drafts[1].reference)
        generated = 0
        while generated < self.n or seed_drafts:
            # candidates: (date, priority); seeds first, then due follow-ups, then a new paper
            options: list[tuple[dt.date, int]] = []
            if seed_drafts:
                options.append((seed_drafts[0].date, 0))
            if generated < self.n:
                if self.pending:
                    options.append((self.pending[0][0], 1))
                step = dt.timedelta(days=generated * self.span // max(1, self.n))
                options.append((self.start + step, 2))
            when, kind = min(options)
            if kind == 0:
                out.append(seed_drafts.pop(0))
                continue
            generated += 1
            if kind == 1:
                out.append(heapq.heappop(self.pending)[2])
                continue
            p = self.draft(when)
            out.append(p)
            self.recent.append(p.reference)
            if len(self.recent) > 2000:
                del self.recent[:1000]
            self.follow_ups(p)
        return out  # follow-ups not yet due when n papers are reached are dropped


def attachment_id(paper_file_id: int, n: int) -> int:
    """The DOLFDNR of a paper's n-th Anlage: a range of its own (ten per paper, far above the
    Vorlagen's), so papers added later never collide with it."""
    return paper_file_id * 10 + n


def paper_from_draft(
    d: _Draft,
    volfdnr: int,
    file_id: int,
    superordinated: tuple[int, ...],
    subordinated: tuple[int, ...],
    related: tuple[int, ...],
) -> SamplePaper:
    if d.fixed is not None:
        return dataclasses.replace(
            d.fixed,
            volfdnr=volfdnr,
            superordinated=superordinated,
            subordinated=subordinated,
            related=related,
            file_id=file_id,
        )
    attachments: tuple[Attachment, ...] = ()
    if d.paper_type in TABLE_TYPES and volfdnr % 4 == 1:
        attachments = (
            Attachment(
                file_id=attachment_id(file_id, 1),
                name="Anlage 1 Kostenaufstellung",
                kind=TABLE,
                reference=d.reference,
                subject=d.subject,
                year=d.date.year + (1 if d.date.month >= 7 else 0),
                seed=d.values_seed ^ volfdnr,
            ),
        )
    return SamplePaper(
        volfdnr=volfdnr,
        date=d.date,
        vorlage=Vorlage(
            reference=d.reference,
            subject=d.subject,
            paper_type=d.paper_type,
            status=d.status,
            lead_department=d.lead_name,
            participating_departments=d.participating,
            responsible=d.responsible,
            parent_reference=d.parent_ref,
            related_references=tuple(dict.fromkeys(r for r in d.related_refs if r != d.reference)),
        ),
        beratungsfolge=d.rows,
        section_spec=d.spec,
        superordinated=superordinated,
        subordinated=subordinated,
        related=related,
        english_dates=d.english,
        long_labels=d.long_labels,
        committee_ids=d.committee_ids,
        lead_organization=(d.lead.kind, d.lead.id) if d.lead else None,
        file_id=file_id,
        shape=d.shape,
        pdf_only=d.spec is not None and d.paper_type in PDF_ONLY_TYPES and volfdnr % 7 == 0,
        attachments=attachments,
    )


def special_documents(papers: list[SamplePaper]) -> None:
    """The documents a sample has once (in place; never on a seed paper):
    - the first Anlage whose paper has a follow-up without Anlagen is attached to that
      follow-up too (a second File object, the same bytes);
    - the last other Anlage is a cut-off file (BROKEN);
    - the middle Antrag without Anlagen (else the middle paper without) gets a scanned letter.
    """
    index = {p.volfdnr: i for i, p in enumerate(papers)}
    plain = [i for i, p in enumerate(papers) if not p.fixed_sections and not p.deleted]
    tables = [i for i in plain if papers[i].attachments]
    eligible = set(plain)
    used: set[int] = set()
    for i in tables:
        j = next(
            (
                index[s]
                for s in papers[i].subordinated
                if s in index and index[s] in eligible and not papers[index[s]].attachments
            ),
            None,
        )
        if j is not None:
            copy = dataclasses.replace(
                papers[i].attachments[0], file_id=attachment_id(papers[j].file_id, 1)
            )
            papers[j] = dataclasses.replace(papers[j], attachments=(copy,))
            used |= {i, j}
            break
    broken = [i for i in tables if i not in used]
    if broken:
        k = broken[-1]
        first, *rest = papers[k].attachments
        papers[k] = dataclasses.replace(
            papers[k], attachments=(dataclasses.replace(first, kind=BROKEN), *rest)
        )
        used.add(k)
    free = [i for i in plain if not papers[i].attachments and i not in used]
    antraege = [i for i in free if papers[i].vorlage.paper_type == "Antrag"] or free
    if antraege:
        m = antraege[len(antraege) // 2]
        p = papers[m]
        scan = Attachment(
            file_id=attachment_id(p.file_id, 1),
            name="Anlage 1 Schreiben (Scan)",
            kind=SCAN,
            reference=p.reference,
            subject=p.vorlage.subject or "",
            year=p.date.year,
            seed=p.volfdnr,
        )
        papers[m] = dataclasses.replace(p, attachments=(scan,))


def generate(
    n: int, seed: int = 0, start: dt.date = DEFAULT_START, end: dt.date = DEFAULT_END
) -> SampleRIS:
    """A sample RIS with `n` generated papers plus the two seed papers, oldest → newest.

    Only papers younger than RECENT_DAYS at `end` may have an open Beratungsfolge (a row
    "Geplant" or a meeting without decision); older ones are finished.
    """
    g = Generator(n, seed, start, end)
    drafts = g.run()
    drafts.sort(key=lambda d: d.date)  # stable: generation order within a day
    ids: dict[str, int] = {}
    volfdnr = 1_010_000
    for d in drafts:
        volfdnr += g.rng.randint(1, 3)
        ids[d.reference] = volfdnr
    papers: list[SamplePaper] = []
    file_id = 2_100_000
    for d in drafts:
        vid = ids[d.reference]
        file_id += 2 + vid % 3
        sub = tuple(ids[r] for r in d.children if r in ids)
        sup = (ids[d.parent_ref],) if d.parent_ref and d.parent_ref in ids else ()
        rel = tuple(ids[r] for r in d.related_refs if r in ids and ids[r] not in sup)
        papers.append(paper_from_draft(d, vid, file_id, sup, sub, rel))
    special_documents(papers)
    meetings = tuple(
        sorted((m for ms in g.meetings.values() for m in ms), key=lambda m: (m.date, m.id))
    )
    return SampleRIS(
        body_name=BODY_NAME,
        body_short_name=BODY_SHORT_NAME,
        organizations=ORGANIZATIONS,
        meetings=meetings,
        papers=tuple(papers),
        end=end,
    )
