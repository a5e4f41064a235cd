"""The digest by which a nightly run driven by meetings (ALLRIS 4) tells a changed agenda item:
what a paper's page shows of the item, the same in Python (while crawling) and in SQL (what was
loaded before)."""

import json

import duckdb

from ratsinfo.ingest import AGENDA_UNSHOWN, agenda_hash
from ratsinfo.state import query

ITEM = {
    "id": "https://ris.example/oparl/agendaItems/7",
    "type": "https://schema.oparl.org/1.1/AgendaItem",
    "meeting": "https://ris.example/oparl/meetings/3",
    "number": "Ö 4",
    "order": 4,
    "name": 'Antrag "Radweg \\ Ringgleis"',
    "consultation": "https://ris.example/oparl/consultations/1201",
    "created": "2025-05-02T10:00:00+02:00",
    "modified": "2025-05-02T10:00:00+02:00",
    "deleted": False,
}


def sql_digests(*texts: str) -> list[str]:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE oparl_objects (object_id VARCHAR, source VARCHAR, type VARCHAR, "
        "json VARCHAR, deleted BOOLEAN, parent_id VARCHAR)"
    )
    rows = [(str(i), "s", "AgendaItem", t, False, "m") for i, t in enumerate(texts)]
    con.executemany("INSERT INTO oparl_objects VALUES (?, ?, ?, ?, ?, ?)", rows)
    found = con.execute(
        query("known_agenda") + " ORDER BY object_id::INTEGER",
        {"source": "s", "unshown": AGENDA_UNSHOWN},
    ).fetchall()
    return [digest for _, digest, _, _ in found]


def variants() -> dict[str, str]:
    renumbered = {**ITEM, "number": "Ö 5", "order": 5, "modified": "2025-05-09T08:30:00+02:00"}
    other = "http://127.0.0.1:8123/oparl/"
    moved = {
        **renumbered,
        "id": other + "agendaItems/7",
        "meeting": other + "meetings/3",
        "consultation": other + "consultations/1201",
    }
    return {
        "item": json.dumps(ITEM, ensure_ascii=False),
        "renumbered": json.dumps(renumbered, ensure_ascii=False),
        "compact, other host": json.dumps(moved, ensure_ascii=False, separators=(",", ":")),
        "decided": json.dumps({**ITEM, "result": "ungeändert beschlossen"}, ensure_ascii=False),
        "other consultation": json.dumps(
            {**ITEM, "consultation": "https://ris.example/oparl/consultations/1202"}
        ),
        "null number": json.dumps({**ITEM, "number": None, "order": None}, ensure_ascii=False),
    }


def test_python_and_sql_digest_alike():
    texts = variants()
    assert [agenda_hash(t) for t in texts.values()] == sql_digests(*texts.values())


def test_a_renumbered_item_is_unchanged_a_decided_or_moved_one_is_not():
    digest = {name: agenda_hash(text) for name, text in variants().items()}
    assert digest["renumbered"] == digest["item"]
    assert digest["null number"] == digest["item"]
    assert digest["decided"] != digest["item"]
    assert digest["other consultation"] != digest["item"]
    # the separators differ from the pretty-printed text: a different digest, so a re-check
    # (never a missed change); the origin alone changes nothing
    assert digest["compact, other host"] != digest["item"]
    spaced = json.loads(variants()["compact, other host"])
    assert agenda_hash(json.dumps(spaced, ensure_ascii=False)) == digest["item"]


def test_a_meeting_read_again_names_the_consultations_of_changed_and_dropped_items():
    from ratsinfo.ingest import CrawlResult

    def item(n: int, name: str) -> str:
        return json.dumps(
            ITEM | {"id": f"{ITEM['id'][:-1]}{n}", "name": name,
                    "consultation": f"https://ris.example/oparl/consultations/{n}0"}
        )  # fmt: skip

    known = {n: item(n, f"Punkt {n}") for n in (1, 2, 3)}
    result = CrawlResult(source="s")
    result.agenda_known = {
        f"s:/oparl/agendaItems/{n}": (agenda_hash(text), f"s:/oparl/consultations/{n}0", "s:/m/3")
        for n, text in known.items()
    }
    result.agenda_of = {"s:/m/3": list(result.agenda_known)}
    rows = [
        {"object_id": "s:/m/3", "type": "Meeting", "json": "{}"},
        {"object_id": "s:/oparl/agendaItems/1", "type": "AgendaItem", "json": known[1]},
        {"object_id": "s:/oparl/agendaItems/2", "type": "AgendaItem", "json": item(2, "neu")},
    ]  # item 1 as before, item 2 changed, item 3 gone from the agenda
    result._note_agenda(rows)
    assert result.changed_consultations == {
        "s:/oparl/consultations/20",
        "s:/oparl/consultations/30",
    }
    assert result.meetings_touched == 1
    result.changed_consultations.clear()
    unchanged = {**rows[1], "object_id": "s:/oparl/agendaItems/3", "json": known[3]}
    result._note_agenda([*rows[:2], {**rows[2], "json": known[2]}, unchanged])  # all as before
    assert result.changed_consultations == set() and result.meetings_touched == 1
