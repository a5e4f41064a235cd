"""ALLRIS 4 (ALLRIS net 4.x, CC e-gov): Braunschweig, Wolfsburg, Bonn, Peine.

OParl 1.1 at `/oparl/system`, and a paper page `/public/vo020?VOLFDNR=…` per paper, whose inline
text sections, Beratungsfolge states and decisions OParl does not carry: the warehouse reads it.
"""

import re

from ratsinfo.parse.allris import parse_paper_page
from ratsinfo.vendors import Quirk, Vendor

_PAGE = re.compile(r"/vo020(?:\?|$).*volfdnr=\d+", re.IGNORECASE)


def is_page(url: str) -> bool:
    return bool(_PAGE.search(url))


def claims(said: str) -> bool:
    """ALLRIS 4 names cc-egov as vendor and serves OParl 1.1 at /oparl/system."""
    return "allris-4" in said or ("cc-egov" in said and "/oparl/system" in said)


VENDOR = Vendor(
    key="allris4",
    name="ALLRIS 4 (CC e-gov)",
    page_parser=parse_paper_page,
    page_url=is_page,
    meetings_drive_nightly=True,
    quirks=(
        Quirk(
            "page size 10, oldest first",
            "lists ignore `limit` and run oldest → newest: the newest papers are read from "
            "`links.last` backwards",
            "tests/test_oparl.py::test_newest_first_walks_back_from_the_last_page",
        ),
        Quirk(
            "placeholder stamps",
            "`created`/`modified` are 2000-01-01 on every object: `modified_since` is never "
            "used; new papers are found by the newest-first walk, changes through the meetings",
            "tests/test_vendors.py::test_braunschweig_papers_have_placeholder_stamps",
        ),
        Quirk(
            "offsets '+01::00'",
            "Bonn writes timestamps with a doubled colon in the offset: repaired where they "
            "come in (ratsinfo.oparl.objects)",
            "tests/test_vendors.py::test_bonn_body_offsets_are_repaired",
        ),
        Quirk(
            "consultations without meeting",
            "a Paper's consultations name the committee and role but no meeting or agenda "
            "item: dates, states and decisions come from the paper page",
            "tests/test_vendors.py::test_braunschweig_consultations_name_no_meeting",
        ),
    ),
)
