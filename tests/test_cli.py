import json

import pytest

from ratsinfo.cli import main
from tests.helpers import FIXTURES, corpus_file

CONTRACT_VORLAGE = {
    "reference", "subject", "paper_type", "status", "lead_department",
    "participating_departments", "responsible", "parent_reference", "related_references",
}  # fmt: skip
CONTRACT_BERATUNG = {"committee", "role", "state", "date", "meeting", "decision"}
CONTRACT_ANSWER = {"question_label", "position", "question_text", "answer_text"}
CONTRACT_FUNDING = {"amount", "currency", "period", "role", "funder", "recipient", "text"}


def parse(path, capsys):
    assert main(["parse", str(path)]) == 0
    return json.loads(capsys.readouterr().out)


def test_parse_wolfsburg_page_keeps_the_contract(capsys):
    out = parse(corpus_file("ratslotse/tests/fixtures/cities/wolfsburg_vo020.html"), capsys)
    assert {"vorlage", "beratungsfolge", "answers", "funding"} <= out.keys()
    assert out["vorlage"].keys() >= CONTRACT_VORLAGE
    assert out["vorlage"]["reference"] == "K 2026/0725"
    assert out["vorlage"]["participating_departments"] == [
        "Geschäftsbereich Rats- und Rechtsangelegenheiten",
        "Dezernat I",
    ]
    [row] = out["beratungsfolge"]
    assert row.keys() >= CONTRACT_BERATUNG
    assert {k: row[k] for k in CONTRACT_BERATUNG} == {
        "committee": "Planungs- und Bauausschuss",
        "role": "Kenntnisnahme",
        "state": "Erledigt",
        "date": "2026-01-29",
        "meeting": "31. Sitzung des Planungs- und Bauausschusses",
        "decision": "zur Kenntnis genommen",
    }
    assert out["answers"] == [] and out["funding"] == []


SEED_LIKE = """Sachverhalt:
Die o. g. Anfrage der Ratsfrau Erika Muster vom 03.02.2026 beantwortet die Verwaltung wie folgt:
Zu Frage 1:
Die Stadt unterstützt den Verein finanziell mit jährlich 20.000 EUR.
Zu Frage 2:
Eine Ausweitung ist nicht geplant.
"""


def test_parse_plain_text_gives_answers_and_funding_without_vorlage(tmp_path, capsys):
    path = tmp_path / "antwort.txt"
    path.write_text(SEED_LIKE, encoding="utf-8")
    out = parse(path, capsys)
    assert out["vorlage"] is None and out["beratungsfolge"] == []
    assert [a["question_label"] for a in out["answers"]] == ["1", "2"]
    assert all(a.keys() >= CONTRACT_ANSWER for a in out["answers"])
    assert out["answers"][0]["asked_on"] == "2026-02-03"
    [f] = out["funding"]
    assert f.keys() >= CONTRACT_FUNDING
    assert (f["amount"], f["currency"], f["period"], f["role"]) == (
        20000.0,
        "EUR",
        "annual",
        "grant",
    )


def test_parse_html_fixture(capsys):
    out = parse(FIXTURES / "allris4_vertagt.html", capsys)
    assert out["vorlage"]["parent_reference"] == "26-30112"
    assert [b["decision"] for b in out["beratungsfolge"]] == [
        "vertagt", "ungeändert beschlossen", None, None
    ]  # fmt: skip
    assert [f["amount"] for f in out["funding"]] == [12500.0]


def test_parse_errors_name_the_file(tmp_path, capsys):
    assert main(["parse", str(tmp_path / "missing.html")]) == 2
    assert "missing.html" in capsys.readouterr().err
    assert main(["parse", str(FIXTURES / "no_grunddaten.html")]) == 1
    assert "no_grunddaten.html" in capsys.readouterr().err


def test_eval_prints_precision_and_recall(capsys):
    assert main(["eval"]) == 0
    out = capsys.readouterr().out
    assert "precision" in out and "recall" in out and "answers" in out


def test_unknown_council_is_a_clear_error():
    from ratsinfo.councils import open_council

    with (
        pytest.raises(ValueError, match="unknown council 'nowhere': use one of braunschweig"),
        open_council("nowhere", 1.0),
    ):
        pass


def test_the_registry_names_braunschweig_once_and_the_sample():
    from ratsinfo.councils import COUNCILS, council_for

    bs = COUNCILS["braunschweig"]
    assert bs.municipality_key == "03101000" and bs.system_url.endswith("/oparl/system")
    assert council_for(bs.system_url) is bs
    assert COUNCILS["sample"].served_by and COUNCILS["sample"].system_url is None
    other = council_for("https://ris.example.org/oparl/system")
    assert other.key == "ris.example.org/oparl"  # host and path: one host serves many Systems
    kdvz = [
        council_for(f"https://sdnetrim.kdvz-frechen.de/rim{n}/webservice/oparl/v1.0/system")
        for n in (4220, 4230)
    ]
    assert kdvz[0].key == "sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0"
    assert kdvz[0].key != kdvz[1].key
