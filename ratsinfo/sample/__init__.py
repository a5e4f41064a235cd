"""A bundled sample council information system (Braunschweig-like ALLRIS 4) for tests and demos.

    from ratsinfo.sample import generate, serve
    ris = generate(300, seed=0)                 # 300 generated papers + the two seed papers
    with serve(ris) as base:                    # "http://127.0.0.1:PORT", OParl + vo020 pages
        ...

Each `SamplePaper` carries what a correct parser must read from its page (`vorlage`,
`expected_beratungsfolge(base)`, `sections`).
"""

from ratsinfo.sample.generator import PAPER_TYPES, SHAPES, build_sections, generate
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
    fault_response,
    serve,
)

__all__ = [
    "PAGE_SIZE",
    "PAPER_TYPES",
    "SHAPES",
    "BaseURL",
    "Meeting",
    "Organization",
    "RequestRecord",
    "SamplePaper",
    "SampleRIS",
    "SampleServer",
    "SectionSpec",
    "build_sections",
    "fault_response",
    "format_date",
    "generate",
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
