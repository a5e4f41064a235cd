"""Classic ALLRIS (ALLRIS net 3.9, CC e-gov): Leipzig, Erkelenz, Märkisch-Oderland, Hildesheim,
the Hamburg Bezirksversammlungen.

OParl 1.0 at `/bi/oparl/1.0/system.asp`, paper pages `vo020.asp?VOLFDNR=…` (ISO-8859-1).
"""

import re

from ratsinfo.model import ParsedPage
from ratsinfo.vendors import Quirk, Vendor

_PAGE = re.compile(r"/vo020\.asp\?.*volfdnr=\d+", re.IGNORECASE)


def is_page(url: str) -> bool:
    return bool(_PAGE.search(url))


def claims(said: str) -> bool:
    return "cc-egov" in said and (".asp" in said or "/bi/oparl/1.0" in said)


def parse_page(html: str, url: str | None = None) -> ParsedPage:
    from ratsinfo.parse.allris_classic import parse_classic_paper_page

    return parse_classic_paper_page(html, url)


VENDOR = Vendor(
    key="allris-classic",
    name="ALLRIS net 3 (CC e-gov)",
    page_parser=parse_page,
    page_url=is_page,
    quirks=(
        Quirk(
            "written-out licence",
            "the System's `license` is a text ('Datenlizenz Deutschland Namensnennung 2.0', "
            "'Nutzung nur nach Genehmigung.'), not a URL: read as a licence name, or as no open "
            "licence",
            "tests/test_license_honesty.py::test_the_corpus_statements_are_classified",
        ),
        Quirk(
            "ISO-8859-1 pages, vo020.asp",
            "paper pages are windows-1252 and classic ALLRIS markup: read by "
            "ratsinfo.parse.allris_classic",
            "tests/test_allris_classic.py::test_real_hamburg_paper_pages",
        ),
        Quirk(
            "'N/A' placeholders",
            "System `name` and `website` are 'N/A'",
            "tests/test_vendors.py::test_classic_allris_systems_are_detected",
        ),
    ),
)
