"""The data of the bundled sample RIS: papers, committees, meetings (no HTML or JSON; see
render_html.py and render_oparl.py).

`SamplePaper` holds what a correct parser must find on the paper's ALLRIS page:
- `vorlage`: the Grunddaten (parent/related references as `ratsinfo.parse.references` derives
  them: the follow-up suffix, references named in the subject).
- `beratungsfolge`: the rows of the Beratungsfolge table. URLs in it are site-relative
  ("/public/to010?SILFDNR=…&TOLFDNR=…"); `expected_beratungsfolge(base_url)` makes them absolute,
  as the page prints them.
- `sections`: the inline text sections, paragraphs joined by "\\n". Generated papers keep only a
  small recipe (`prose.SectionSpec`) and build the text on demand, so 50,000 papers stay small.
  A paper with `pdf_only` shows none of its own on its page, only those evolve() added later:
  its text is in its PDF alone (`document_sections`, see render_pdf.py). The PDFs are written
  when the paper is: what evolve() changes later (decisions, sections) is on the page only.
- `attachments`: the documents attached besides the Vorlage (OParl auxiliaryFile, the page's
  list of Anlagen).
- `extra_sections`, `modified`, `deleted`: what `evolve.evolve` changed later.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ratsinfo.model import Beratung, Section, Vorlage
from sample_ris.prose import SectionSpec, build_sections

GREMIUM = "gr"  # committee, council, district council (OParl organizations/gr/{id})
AMT = "at"  # department / organisational unit (OParl organizations/at/{id})


@dataclass(frozen=True, slots=True)
class Organization:
    """A committee ("gr") or a department ("at")."""

    id: int
    kind: str  # GREMIUM or AMT
    name: str
    short_name: str
    classification: str  # "Rat", "Ausschuss", "Stadtbezirksrat", "Fachbereich", ...
    genitive: str = ""  # "des Rates der Stadt Braunschweig": meeting names say "Sitzung des …"

    @property
    def path(self) -> str:
        return f"/oparl/organizations/{self.kind}/{self.id}"


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting of one committee (ALLRIS SILFDNR = id)."""

    id: int
    organization_id: int
    name: str
    date: dt.date
    hour: int = 15


TABLE = "table"  # an Anlage with a table of amounts
SCAN = "scan"  # a scanned letter: one image, no text layer
BROKEN = "broken"  # a table Anlage whose stored PDF is cut off (does not open)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A document attached to a paper (ALLRIS "Anlage", OParl auxiliaryFile). Its bytes depend
    on everything but `file_id`: the same document attached to two papers is two Attachments
    that differ only in `file_id`, and serve the same bytes."""

    file_id: int  # DOLFDNR
    name: str  # "Anlage 1 Kostenaufstellung"
    kind: str  # TABLE, SCAN or BROKEN
    reference: str  # the paper the document was written for
    subject: str
    year: int  # the budget year of the first amount column
    seed: int  # draws the amounts, or the scanned page


@dataclass(frozen=True, slots=True)
class SamplePaper:
    """One paper of the sample RIS, with everything its page and OParl object show."""

    volfdnr: int  # ALLRIS VOLFDNR, also the OParl paper id
    date: dt.date
    vorlage: Vorlage
    beratungsfolge: tuple[Beratung, ...] = ()
    fixed_sections: tuple[Section, ...] = ()  # hand-written text (seed papers)
    section_spec: SectionSpec | None = None  # generated text (see `sections`)
    superordinated: tuple[int, ...] = ()  # volfdnrs of papers this one follows up
    subordinated: tuple[int, ...] = ()  # volfdnrs of follow-ups of this one
    related: tuple[int, ...] = ()  # volfdnrs of papers named in the subject
    english_dates: bool = False  # Beratungsfolge dates as "May 7, 2025"
    long_labels: bool = False  # Wolfsburg's "Federführende Organisationseinheit:" labels
    committee_ids: tuple[int, ...] = ()  # organization id per Beratungsfolge position
    lead_organization: tuple[str, int] | None = None  # (kind, id) for OParl underDirectionOf
    file_id: int = 0  # DOLFDNR of the main PDF
    shape: str = "none"  # Beratungsfolge shape, see generator.SHAPES
    extra_sections: tuple[Section, ...] = ()  # sections added later (evolve.evolve)
    modified: dt.date | None = None  # day of the last change made by evolve.evolve
    deleted: bool = False  # removed: the page answers 404, OParl says "deleted": true
    pdf_only: bool = False  # the text is in the PDF only: the page shows no text sections
    attachments: tuple[Attachment, ...] = ()  # Anlagen (auxiliaryFile), in the page's order

    @property
    def oparl_id(self) -> int:
        return self.volfdnr

    @property
    def last_modified(self) -> dt.date:
        """The day the paper last changed: `modified` if evolve() changed it, else the latest of
        its date and its decided consultations (drives the server's Last-Modified)."""
        if self.modified is not None:
            return self.modified
        decided = [b.date for b in self.beratungsfolge if b.date and b.decision]
        return max([self.date, *decided])

    @property
    def is_open(self) -> bool:
        """Whether the Beratungsfolge is still open: a row "Geplant", or a meeting row without
        decision (the incremental pipeline re-checks such papers)."""
        return any(
            b.state == "Geplant" or (b.meeting_position and b.decision is None)
            for b in self.beratungsfolge
        )

    @property
    def reference(self) -> str:
        return self.vorlage.reference

    @property
    def sections(self) -> tuple[Section, ...]:
        """The text sections the page shows: the paper's text (none with `pdf_only`: it is in
        the PDF only), then what evolve() added later (a published decision, a Nachtrag)."""
        if self.pdf_only:
            return self.extra_sections
        return self.document_sections + self.extra_sections

    @property
    def document_sections(self) -> tuple[Section, ...]:
        """The text sections of the paper's own document (the PDF), as it was written: without
        what evolve() added later."""
        if self.section_spec is None:
            return self.fixed_sections
        return build_sections(self.section_spec)

    @property
    def text(self) -> str:
        """All sections joined, like `ratsinfo.model.ParsedPage.text`."""
        return "\n\n".join(s.text for s in self.sections if s.text)

    def expected_beratungsfolge(self, base_url: str) -> tuple[Beratung, ...]:
        """The Beratungsfolge rows with URLs as the page served from `base_url` prints them."""
        base = base_url.rstrip("/")
        return tuple(
            dataclasses.replace(
                b,
                meeting_url=base + b.meeting_url if b.meeting_url else None,
                agenda_item_url=base + b.agenda_item_url if b.agenda_item_url else None,
            )
            for b in self.beratungsfolge
        )


@dataclass(frozen=True)
class SampleRIS:
    """A whole council information system: one body, its organizations, meetings and papers."""

    body_name: str
    body_short_name: str
    organizations: tuple[Organization, ...]
    meetings: tuple[Meeting, ...]
    papers: Sequence[SamplePaper]  # oldest → newest (ascending date, then volfdnr)
    website: str = "https://www.braunschweig.de/"
    end: dt.date | None = None  # the sample's "today": later meetings are not held yet
    # lookups, rebuilt for every instance (init=False: dataclasses.replace never shares them)
    _by_id: dict[int, SamplePaper] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _by_ref: dict[str, SamplePaper] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _orgs: dict[tuple[str, int], Organization] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _meetings: dict[int, Meeting] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for p in self.papers:
            self._by_id[p.volfdnr] = p
            self._by_ref[p.vorlage.reference] = p
        for o in self.organizations:
            self._orgs[(o.kind, o.id)] = o
        for m in self.meetings:
            self._meetings[m.id] = m

    def __iter__(self) -> Iterator[SamplePaper]:
        return iter(self.papers)

    def __len__(self) -> int:
        return len(self.papers)

    def paper(self, volfdnr: int) -> SamplePaper | None:
        return self._by_id.get(volfdnr)

    def by_reference(self, reference: str) -> SamplePaper | None:
        return self._by_ref.get(reference)

    def organization(self, kind: str, id: int) -> Organization | None:
        return self._orgs.get((kind, id))

    def meeting(self, id: int) -> Meeting | None:
        return self._meetings.get(id)

    @property
    def today(self) -> dt.date:
        """`end`, or (for a hand-made RIS without one) the newest paper's date."""
        if self.end is not None:
            return self.end
        return max((p.date for p in self.papers), default=dt.date(2000, 1, 1))

    @property
    def committees(self) -> tuple[Organization, ...]:
        return tuple(o for o in self.organizations if o.kind == GREMIUM)

    @property
    def departments(self) -> tuple[Organization, ...]:
        return tuple(o for o in self.organizations if o.kind == AMT)
