"""SOMACOS SessionNet: Wuppertal, Münster.

OParl 1.0/1.1; papers carry no `web` link to a page the warehouse could read, so every fact
comes from the OParl objects.
"""

from ratsinfo.vendors import Quirk, Vendor


def claims(said: str) -> bool:
    return "somacos" in said or "sessionnet" in said or "session " in said


VENDOR = Vendor(
    key="sessionnet",
    name="SOMACOS SessionNet",
    quirks=(
        Quirk(
            "papers without web link",
            "Paper objects have no `web`: vorlagen and beratungsfolge come from OParl alone",
            "tests/test_vendors.py::test_sessionnet_papers_load_from_oparl",
        ),
        Quirk(
            "licence as a name",
            "the System's `license` is the city's name ('Stadt Wuppertal'): no open licence",
            "tests/test_license_honesty.py::test_the_corpus_statements_are_classified",
        ),
    ),
)
