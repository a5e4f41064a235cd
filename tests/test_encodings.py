"""Pages in the encodings council servers really send."""

import pytest

from ratsinfo.parse import parse_paper_page
from ratsinfo.transform import decode_page, repair_mojibake
from tests.helpers import FIXTURES

TEXT = (FIXTURES / "allris4_vertagt.html").read_text(encoding="utf-8")


def cp1252(text):
    """What a windows-1252 server sends: characters it lacks become character references."""
    return text.encode("cp1252", errors="xmlcharrefreplace")


def mojibake(text):
    """UTF-8 bytes decoded as windows-1252 somewhere upstream, then sent as UTF-8."""
    return text.replace("●", "*").encode("utf-8").decode("cp1252").encode("utf-8")


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (TEXT.encode("utf-8"), "text/html; charset=utf-8"),
        (cp1252(TEXT), "text/html; charset=ISO-8859-1"),  # what "latin-1" pages really are
        (cp1252(TEXT.replace("charset=utf-8", "charset=windows-1252")), None),
        (cp1252(TEXT.replace("; charset=utf-8", "")), "text/html"),  # no charset anywhere
        (mojibake(TEXT), "text/html; charset=utf-8"),
    ],
    ids=["utf-8", "iso-8859-1 header", "windows-1252 meta", "undeclared cp1252", "mojibake"],
)
def test_pages_decode_to_the_same_record(body, content_type):
    page = parse_paper_page(decode_page(body, content_type))
    assert page.vorlage.lead_department == "51 Fachbereich Kinder, Jugend und Familie"
    assert page.vorlage.subject.startswith("Zuschuss für das Kinder- & Jugendzentrum <Mühle>")
    assert page.beratungsfolge[1].decision == "ungeändert beschlossen"


def test_mojibake_repair_leaves_clean_text_alone():
    assert repair_mojibake("FÃ¼r die GrÃ¶ÃŸe") == "Für die Größe"
    clean = "Für die Größe – Ã als Buchstabe"
    assert repair_mojibake(clean) == clean
