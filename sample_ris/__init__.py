"""The bundled sample council information system (the council "sample" of the registry): a
Braunschweig-like ALLRIS 4 server with generated data, for tests, demos and benchmarks.

    from sample_ris import generate, serve, evolve
    ris = generate(300, seed=0)                 # 300 generated papers + the two seed papers
    with serve(ris) as base:                    # "http://127.0.0.1:PORT", OParl + vo020 pages
        ...
        later, report = evolve(ris, 0.01)       # one night later: 1 % new or changed papers
        base.server.ris = later                 # served from the next request on

Each `SamplePaper` carries what a correct parser must read from its page (`vorlage`,
`expected_beratungsfolge(base)`, `sections`).

Modules: model (the data), seed (organizations and the two hand-written papers), topics (topic
data), prose (the writer of section texts), consultations (meeting calendar, Beratungsfolge),
generator (papers, meetings, organisations), evolve (one night later), render_html and
page_frame (vo020 pages), render_oparl (OParl JSON), server (the loopback HTTP server),
serving (the registry's entry point). The core (`ratsinfo`) never imports this package; the
council registry names `sample_ris.serving` and imports it by name.
"""

from sample_ris.consultations import RECENT_DAYS
from sample_ris.evolve import EvolveReport, evolve
from sample_ris.generator import PAPER_TYPES, SHAPES, generate
from sample_ris.model import Meeting, Organization, SamplePaper, SampleRIS
from sample_ris.prose import SectionSpec, build_sections
from sample_ris.render_html import format_date, render_paper_page
from sample_ris.render_oparl import (
    PAGE_SIZE,
    render_body,
    render_list,
    render_meeting,
    render_organization,
    render_paper_json,
    render_system,
)
from sample_ris.seed import seed_anfrage, seed_stellungnahme
from sample_ris.server import (
    BaseURL,
    RequestRecord,
    SampleServer,
    etag,
    fault_response,
    http_date,
    serve,
)

__all__ = [
    "PAGE_SIZE",
    "PAPER_TYPES",
    "RECENT_DAYS",
    "SHAPES",
    "BaseURL",
    "EvolveReport",
    "Meeting",
    "Organization",
    "RequestRecord",
    "SamplePaper",
    "SampleRIS",
    "SampleServer",
    "SectionSpec",
    "build_sections",
    "etag",
    "evolve",
    "fault_response",
    "format_date",
    "generate",
    "http_date",
    "render_body",
    "render_list",
    "render_meeting",
    "render_organization",
    "render_paper_json",
    "render_paper_page",
    "render_system",
    "seed_anfrage",
    "seed_stellungnahme",
    "serve",
]
