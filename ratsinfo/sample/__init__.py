"""A bundled sample council information system (Braunschweig-like ALLRIS 4) for tests and demos.

    from ratsinfo.sample import generate, serve
    ris = generate(300, seed=0)                 # 300 generated papers + the two seed papers
    with serve(ris) as base:                    # "http://127.0.0.1:PORT", OParl + vo020 pages
        ...
        later, report = evolve(ris, 0.01)       # one night later: 1 % new or changed papers
        base.server.ris = later                 # served from the next request on

Each `SamplePaper` carries what a correct parser must read from its page (`vorlage`,
`expected_beratungsfolge(base)`, `sections`).
"""

from ratsinfo.sample.generator import (
    PAPER_TYPES,
    RECENT_DAYS,
    SHAPES,
    EvolveReport,
    build_sections,
    evolve,
    generate,
)
from ratsinfo.sample.model import Meeting, Organization, SamplePaper, SampleRIS, SectionSpec
from ratsinfo.sample.render import (
    PAGE_SIZE,
    format_date,
    render_body,
    render_list,
    render_meeting,
    render_organization,
    render_paper_json,
    render_paper_page,
    render_system,
)
from ratsinfo.sample.seed import seed_anfrage, seed_stellungnahme
from ratsinfo.sample.server import (
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
