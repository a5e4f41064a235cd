"""The documents of the sample council, end to end: fetched, stored once per content, read in
capped workers; a scan and a broken file recorded, not fatal (issue 12)."""

from __future__ import annotations

import duckdb


def _query(root, sql):
    con = duckdb.connect(str(root / "w.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_documents_of_the_sample_are_fetched_read_and_linked(sample_pipeline):
    root, result = sample_pipeline
    [(files, linked)] = _query(
        root, "SELECT count(*), count(document_id) FROM files WHERE role <> 'page'"
    )
    assert files and linked == files  # every OParl file's document was fetched and linked
    kinds = dict(
        _query(root, "SELECT coalesce(error_kind, method), count(*) FROM documents GROUP BY 1")
    )
    assert kinds["text layer"] >= 10
    assert kinds["none"] == 1  # the scanned letter: pages, no text layer
    assert kinds["broken"] == 1  # the cut-off file, with its URL
    [(error,)] = _query(root, "SELECT error FROM documents WHERE error_kind = 'broken'")
    assert error.startswith("http://127.0.0.1:") and "DOLFDNR=" in error
    [(scan_pages, image_only)] = _query(
        root, "SELECT pages, image_only FROM documents WHERE method = 'none' AND error IS NULL"
    )
    assert scan_pages >= 1 and image_only
    # the Anlage attached to two papers is one document
    shared = _query(
        root,
        "SELECT document_id, count(DISTINCT paper_id) FROM files WHERE document_id IS NOT NULL "
        "GROUP BY 1 HAVING count(DISTINCT paper_id) > 1",
    )
    assert len(shared) >= 1
    # the seed Stellungnahme's text is in its document as on its page
    [(text,)] = _query(
        root,
        "SELECT d.text FROM documents d JOIN files f USING (document_id) "
        "JOIN vorlagen v USING (paper_id) "
        "WHERE v.reference = '25-25641-01' AND f.role = 'mainFile'",
    )
    assert "jährlich 20.000 EUR" in text.replace("\n", " ")
    step = next(
        e for e in result.get_asset_materialization_events()
        if e.asset_key.to_user_string() == "documents"
    )  # fmt: skip
    assert step.materialization.metadata["fetch_failed"].value == 0
