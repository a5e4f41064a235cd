"""Sternberg SD.NET RIM: Hürtgenwald, Nordstemmen, Krefeld and most bodies hosted by KDVZ
Frechen (many Systems on one host, `/rimNNNN/webservice/oparl/v1.0/`).

OParl 1.0/1.1 with deep embedding (a Meeting's agenda items with their files, a Paper's
consultations with meeting and agenda item, files with download URLs). Its paper pages
(`/vorgang/?__=…`) carry nothing OParl does not: the warehouse does not fetch them.
"""

from ratsinfo.vendors import Quirk, Vendor


def claims(said: str) -> bool:
    return "sitzungsdienst.net" in said or "sternberg" in said or "sd.net rim" in said


VENDOR = Vendor(
    key="sternberg",
    name="Sternberg SD.NET RIM",
    quirks=(
        Quirk(
            "no page parser",
            "paper pages are not fetched: every fact comes from the OParl objects",
            "tests/test_huertgenwald.py::test_huertgenwald_crawl_loads_every_object",
        ),
        Quirk(
            "newlines in names",
            "names and agenda item titles hold line breaks ('…; \\nhier: …'): kept as sent "
            "in the model tables",
            "tests/test_huertgenwald.py::test_huertgenwald_crawl_loads_every_object",
        ),
        Quirk(
            "papers without paperType",
            "some papers have no `paperType`: loaded with paper_type empty",
            "tests/test_huertgenwald.py::test_huertgenwald_crawl_loads_every_object",
        ),
        Quirk(
            "many Systems on one host",
            "KDVZ Frechen serves 23 bodies as /rimNNNN/ Systems on one host: a council not "
            "in the registry is keyed by host and path, never by host alone",
            "tests/test_huertgenwald.py::test_two_bodies_on_one_host_stay_apart",
        ),
    ),
)
