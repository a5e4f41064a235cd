-- ratsinfo warehouse schema (DuckDB). Applied by ratsinfo.warehouse.connect(); every statement is
-- idempotent. Keys come from the source: `paper_id` is the paper's OParl id without scheme and host,
-- prefixed with the source name ("braunschweig:/oparl/papers/2002747"), `oparl_id` the full OParl
-- URL, `volfdnr` the ALLRIS paper number in its page URL.

-- Every response fetched from a source, once per distinct body (url, sha256).
CREATE TABLE IF NOT EXISTS raw_responses (
    url              VARCHAR     NOT NULL,
    sha256           VARCHAR     NOT NULL,  -- of the body; '' for a fetch that got no response
    kind             VARCHAR     NOT NULL,  -- 'oparl' | 'page'
    paper_id         VARCHAR,               -- for pages: the paper they belong to
    status           INTEGER,               -- HTTP status; NULL when no response came
    content_type     VARCHAR,
    etag             VARCHAR,
    last_modified    VARCHAR,
    error            VARCHAR,               -- why the fetch failed, naming the URL
    first_fetched_at TIMESTAMPTZ NOT NULL,
    last_fetched_at  TIMESTAMPTZ NOT NULL,
    body             BLOB,
    PRIMARY KEY (url, sha256)
);

-- OParl Paper objects as listed by the source (latest version per paper).
CREATE TABLE IF NOT EXISTS oparl_papers (
    paper_id     VARCHAR PRIMARY KEY,
    oparl_id     VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    body_id      VARCHAR,
    reference    VARCHAR,
    name         VARCHAR,
    paper_type   VARCHAR,
    date         DATE,
    web_url      VARCHAR,
    volfdnr      BIGINT,
    deleted      BOOLEAN NOT NULL DEFAULT false,
    first_seen_at TIMESTAMPTZ,
    superordinated_papers VARCHAR[],
    subordinated_papers   VARCHAR[],
    related_papers        VARCHAR[],
    json         VARCHAR NOT NULL           -- the object as received
);

-- What each paper page said (vendors whose pages the warehouse reads, ratsinfo.vendors): its
-- Grunddaten, with the OParl date and links. `vorlagen` is built from OParl and these rows.
CREATE TABLE IF NOT EXISTS page_vorlagen (
    paper_id                  VARCHAR NOT NULL,
    source                    VARCHAR NOT NULL,
    volfdnr                   BIGINT,
    reference                 VARCHAR NOT NULL,
    subject                   VARCHAR NOT NULL,
    paper_type                VARCHAR,
    status                    VARCHAR,
    lead_department           VARCHAR,
    participating_departments VARCHAR[] NOT NULL,
    responsible               VARCHAR,
    parent_reference          VARCHAR,
    related_references        VARCHAR[] NOT NULL,
    date                      DATE,
    web_url                   VARCHAR,
    introduction              VARCHAR,  -- preamble before the first answer (answering papers)
    page_sha256               VARCHAR NOT NULL,
    deleted_at                TIMESTAMPTZ  -- when the source first said the paper is gone (404/410,
                                           -- OParl deleted); NULL while it exists
);

-- Every version of a paper's Grunddaten and Beratungsfolge: a new row when the parsed content
-- changes, the previous one closed (valid_to). The open version has valid_to NULL.
CREATE TABLE IF NOT EXISTS vorlagen_versions (
    paper_id        VARCHAR NOT NULL,
    valid_from      TIMESTAMPTZ NOT NULL,
    valid_to        TIMESTAMPTZ,
    page_sha256     VARCHAR NOT NULL,
    content_sha256  VARCHAR NOT NULL,
    vorlage         JSON NOT NULL,
    beratungsfolge  JSON NOT NULL,
    PRIMARY KEY (paper_id, valid_from)
);

-- One row per crawl: what it did, for incremental runs (modified_since) and for operators.
CREATE TABLE IF NOT EXISTS crawl_runs (
    source           VARCHAR NOT NULL,
    started_at       TIMESTAMPTZ NOT NULL,
    finished_at      TIMESTAMPTZ NOT NULL,
    mode             VARCHAR NOT NULL,  -- 'full' | 'incremental'
    papers_listed    INTEGER NOT NULL,
    pages_requested  INTEGER NOT NULL,
    pages_changed    INTEGER NOT NULL,
    requests         INTEGER NOT NULL,
    errors           INTEGER NOT NULL,
    PRIMARY KEY (source, started_at)
);
-- Added later: warehouses made before get them here (every statement stays idempotent).
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS run_id VARCHAR;  -- the Dagster run
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS listing_complete BOOLEAN;  -- every list read
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS papers_new INTEGER;  -- listed, never fetched before
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS pages_to_fetch INTEGER;  -- pages the run set out to fetch
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS pages_unchanged INTEGER;  -- 304 or same sha256
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS pages_failed INTEGER;  -- no usable answer
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS papers_gone INTEGER;  -- 404/410 or OParl deleted
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS pages_gone INTEGER;  -- pages answering 404/410
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS rejected INTEGER;  -- malformed objects/fields
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS stopped_hosts VARCHAR[];  -- hosts that said stop
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS error_kinds JSON;  -- errors counted by kind

-- Bodies live in the content-addressed store beside the warehouse file (ratsinfo/bodies.py);
-- `body` holds them only in warehouses made before.
ALTER TABLE raw_responses ADD COLUMN IF NOT EXISTS body_size BIGINT;

-- Each paper's latest page response (narrow columns: never bodies), for the pipeline's queries
-- (ratsinfo/queries/*.sql): which pages to parse, which papers are gone.
CREATE OR REPLACE VIEW latest_pages AS
SELECT paper_id, url, sha256, status, last_fetched_at FROM raw_responses
WHERE kind = 'page' AND status IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY paper_id ORDER BY last_fetched_at DESC) = 1;

-- Where a paper list broke off (a list page that failed for good): the next run continues there.
CREATE TABLE IF NOT EXISTS list_progress (
    source      VARCHAR NOT NULL,
    list_url    VARCHAR NOT NULL,
    resume_url  VARCHAR NOT NULL,
    failed_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source, list_url)
);

-- OParl objects or fields that were malformed: the object skipped, or the field dropped (the
-- rest of the object loaded), with the URL of the response they came in.
CREATE TABLE IF NOT EXISTS rejected_objects (
    source     VARCHAR NOT NULL,
    url        VARCHAR NOT NULL,
    object_id  VARCHAR NOT NULL,  -- '' when the object has no usable id
    field      VARCHAR NOT NULL,
    problem    VARCHAR NOT NULL,
    action     VARCHAR NOT NULL,  -- 'skipped' (the object) | 'dropped' (the field) | 'ignored'
    seen_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source, url, object_id, field)
);

-- The Beratungsfolge as the paper page shows it: one row per meeting of a committee's
-- consultation of a paper, plus one row for a consultation with no meeting yet (meeting_position 0).
CREATE TABLE IF NOT EXISTS page_beratungsfolge (
    paper_id         VARCHAR NOT NULL,
    reference        VARCHAR NOT NULL,
    position         INTEGER NOT NULL,  -- order of the consultation in the table, from 1
    meeting_position INTEGER NOT NULL,  -- order of the meeting within it, from 1; 0 = none yet
    committee        VARCHAR NOT NULL,
    role             VARCHAR,
    state            VARCHAR,
    date             DATE,
    meeting          VARCHAR,
    decision         VARCHAR,
    meeting_url      VARCHAR,
    agenda_item_url  VARCHAR
);

-- Inline text sections of a paper page (Sachverhalt, Begründung, Beschlussvorschlag ...).
CREATE TABLE IF NOT EXISTS sections (
    paper_id  VARCHAR NOT NULL,
    reference VARCHAR NOT NULL,
    position  INTEGER NOT NULL,
    title     VARCHAR NOT NULL,
    text      VARCHAR NOT NULL
);

-- Documents linked from a paper page (Vorlage, Sammeldokument, Anlagen ...).
CREATE TABLE IF NOT EXISTS page_files (
    paper_id  VARCHAR NOT NULL,
    position  INTEGER NOT NULL,
    title     VARCHAR NOT NULL,
    url       VARCHAR NOT NULL
);

-- The administration's answers to council questions: one row per answered question. Built
-- (ratsinfo/queries/build_facts.sql) from what the paper's page said (page_answers) or, where the
-- page gave none, from the paper's document with the most answers (document_answers).
CREATE TABLE IF NOT EXISTS answers (
    paper_id           VARCHAR NOT NULL,
    reference          VARCHAR NOT NULL,  -- the answering paper
    question_reference VARCHAR,           -- the question paper it answers, where known
    position           INTEGER NOT NULL,
    question_label     VARCHAR NOT NULL,  -- as printed: "1", "2a", "2a/b"
    question_text      VARCHAR,
    answer_text        VARCHAR NOT NULL,
    asked_by           VARCHAR,
    asked_on           DATE
);

-- Amounts of money named in a paper's text, its documents' text and its documents' budget
-- tables: one row per amount (built by build_facts.sql from page_funding, document_funding and
-- document_amounts).
CREATE TABLE IF NOT EXISTS funding (
    paper_id     VARCHAR NOT NULL,
    reference    VARCHAR NOT NULL,
    position     INTEGER NOT NULL,
    amount       DECIMAL(18, 2) NOT NULL,
    amount_max   DECIMAL(18, 2),  -- upper bound when the text gives a range
    currency     VARCHAR NOT NULL,
    period       VARCHAR,  -- annual | monthly | quarterly | hourly | one-off | NULL
    role         VARCHAR,  -- grant | cost | fee | budget | revenue | invest | NULL
    funder       VARCHAR,
    recipient    VARCHAR,
    applies_from VARCHAR,
    text         VARCHAR NOT NULL
);

-- Pages that did not parse, from the latest run that read them (cleared when they parse again).
CREATE TABLE IF NOT EXISTS parse_failures (
    url      VARCHAR NOT NULL,
    sha256   VARCHAR,  -- of the page that failed: it is not parsed again until it changes
    paper_id VARCHAR,
    error    VARCHAR NOT NULL,
    seen_at  TIMESTAMPTZ NOT NULL
);

-- == The OParl model ============================================================================
-- Every OParl object as received, one row each: embedded objects taken out of their parents
-- (ratsinfo.oparl.objects.flatten), their ids left in the parent's field. `object_id`: the OParl
-- id without scheme and host, scoped by the source; `body_key` likewise for its Body.
CREATE TABLE IF NOT EXISTS oparl_objects (
    object_id     VARCHAR PRIMARY KEY,
    oparl_id      VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    body_key      VARCHAR,
    type          VARCHAR NOT NULL,  -- Body, Organization, Person, Membership, Meeting, ...
    parent_id     VARCHAR,           -- the object it came embedded in
    parent_field  VARCHAR,           -- ... in which field (consultation, mainFile, agendaItem ...)
    position      INTEGER,           -- ... at which place, from 1
    modified      VARCHAR,
    deleted       BOOLEAN NOT NULL,
    json          VARCHAR NOT NULL,  -- the object, embedded objects replaced by their ids
    first_seen_at TIMESTAMPTZ,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    deleted_at    TIMESTAMPTZ        -- when the source first said `deleted: true`
);

-- The System of each source, with the vendor detected from it (ratsinfo.vendors).
CREATE TABLE IF NOT EXISTS systems (
    source     VARCHAR PRIMARY KEY,
    system_id  VARCHAR NOT NULL,
    vendor     VARCHAR NOT NULL,
    name       VARCHAR,
    license    VARCHAR,
    json       VARCHAR NOT NULL,
    seen_at    TIMESTAMPTZ NOT NULL
);

ALTER TABLE oparl_papers ADD COLUMN IF NOT EXISTS body_key VARCHAR;
ALTER TABLE oparl_papers ADD COLUMN IF NOT EXISTS parent_reference VARCHAR;
ALTER TABLE oparl_papers ADD COLUMN IF NOT EXISTS related_references VARCHAR[];
ALTER TABLE oparl_papers ADD COLUMN IF NOT EXISTS deleted_at TIMESTAMPTZ;
ALTER TABLE oparl_papers ADD COLUMN IF NOT EXISTS reads_page BOOLEAN;  -- the vendor's page is read
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS vendor VARCHAR;
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS objects_listed INTEGER;  -- OParl objects, all types
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS meetings_touched INTEGER;  -- drove the re-checks
ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS first_errors JSON;  -- the first 5 error messages

-- Pages that did not load (fetch failed, or the page did not parse): retried with a back-off
-- (1, 2, 4 … 32 days), not every night forever; the row goes when the page loads.
CREATE TABLE IF NOT EXISTS page_retries (
    paper_id        VARCHAR PRIMARY KEY,
    url             VARCHAR NOT NULL,
    failures        INTEGER NOT NULL,
    last_error      VARCHAR,
    last_failed_at  TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL
);

-- Where a paper page and OParl say different things about the same paper: OParl's value is in
-- the tables, the page's is kept here (ratsinfo/queries/build_model.sql states the precedence).
CREATE TABLE IF NOT EXISTS source_disagreements (
    paper_id    VARCHAR NOT NULL,
    field       VARCHAR NOT NULL,  -- reference, subject, paper_type, consultations
    oparl_value VARCHAR,
    page_value  VARCHAR
);

-- The published tables below are built from oparl_objects (and, for vorlagen, beratungsfolge
-- and files, the page tables) by ratsinfo/queries/build_model.sql after every load.
CREATE TABLE IF NOT EXISTS bodies (
    body_key       VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    oparl_id       VARCHAR NOT NULL,
    name           VARCHAR,
    short_name     VARCHAR,
    website        VARCHAR,
    license        VARCHAR,
    ags            VARCHAR,
    rgs            VARCHAR,
    classification VARCHAR,
    vendor         VARCHAR,
    system_id      VARCHAR
);

CREATE TABLE IF NOT EXISTS legislative_terms (
    term_id    VARCHAR NOT NULL,
    source     VARCHAR NOT NULL,
    body_key   VARCHAR,
    name       VARCHAR,
    start_date DATE,
    end_date   DATE
);

CREATE TABLE IF NOT EXISTS organizations (
    organization_id   VARCHAR NOT NULL,
    source            VARCHAR NOT NULL,
    body_key          VARCHAR,
    name              VARCHAR,
    short_name        VARCHAR,
    organization_type VARCHAR,
    classification    VARCHAR,
    start_date        DATE,
    end_date          DATE,
    web_url           VARCHAR,
    deleted           BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS persons (
    person_id       VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    body_key        VARCHAR,
    name            VARCHAR,
    family_name     VARCHAR,
    given_name      VARCHAR,
    form_of_address VARCHAR,
    title           VARCHAR,
    gender          VARCHAR,
    status          VARCHAR,
    web_url         VARCHAR,
    deleted         BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS memberships (
    membership_id   VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    body_key        VARCHAR,
    person_id       VARCHAR,
    organization_id VARCHAR,
    role            VARCHAR,
    voting_right    BOOLEAN,
    start_date      DATE,
    end_date        DATE,
    on_behalf_of    VARCHAR  -- the faction (organization_id) the person sits for
);

CREATE TABLE IF NOT EXISTS locations (
    location_id    VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    body_key       VARCHAR,
    description    VARCHAR,
    street_address VARCHAR,
    room           VARCHAR,
    postal_code    VARCHAR,
    locality       VARCHAR,
    geojson        VARCHAR
);

CREATE TABLE IF NOT EXISTS meetings (
    meeting_id       VARCHAR NOT NULL,
    source           VARCHAR NOT NULL,
    body_key         VARCHAR,
    name             VARCHAR,
    meeting_state    VARCHAR,
    cancelled        BOOLEAN,
    starts_at        TIMESTAMPTZ,
    ends_at          TIMESTAMPTZ,
    date             DATE,  -- the local date of `start`, as the council wrote it
    organization_id  VARCHAR,  -- the first organisation holding it
    committee        VARCHAR,  -- ... by name
    location_id      VARCHAR,
    participants     INTEGER,  -- Meeting.participant, where the source gives it
    participant_ids  VARCHAR[],
    web_url          VARCHAR,
    deleted          BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS agenda_items (
    agenda_item_id  VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    body_key        VARCHAR,
    meeting_id      VARCHAR,
    position        INTEGER,  -- order in the meeting's agenda, from 1
    number          VARCHAR,  -- as printed: "3.", "Ö 4.1"
    name            VARCHAR,
    public          BOOLEAN,
    result          VARCHAR,
    resolution_text VARCHAR,
    consultation_id VARCHAR,
    paper_id        VARCHAR,
    starts_at       TIMESTAMPTZ,
    ends_at         TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS vorlagen (
    paper_id                  VARCHAR NOT NULL,
    source                    VARCHAR NOT NULL,
    volfdnr                   BIGINT,
    reference                 VARCHAR,
    subject                   VARCHAR,
    paper_type                VARCHAR,
    status                    VARCHAR,
    lead_department           VARCHAR,
    participating_departments VARCHAR[] NOT NULL,
    responsible               VARCHAR,
    parent_reference          VARCHAR,
    related_references        VARCHAR[] NOT NULL,
    date                      DATE,
    web_url                   VARCHAR,
    introduction              VARCHAR,
    page_sha256               VARCHAR,  -- the page the page's fields came from; NULL: OParl only
    deleted_at                TIMESTAMPTZ,
    body_key                  VARCHAR,  -- columns after this one came with the OParl model
    originators               VARCHAR[],  -- Paper.originatorPerson/originatorOrganization names
    oparl_id                  VARCHAR
);

CREATE TABLE IF NOT EXISTS beratungsfolge (
    paper_id         VARCHAR NOT NULL,
    reference        VARCHAR,
    position         INTEGER NOT NULL,
    meeting_position INTEGER NOT NULL,
    committee        VARCHAR,
    role             VARCHAR,
    state            VARCHAR,
    date             DATE,
    meeting          VARCHAR,
    decision         VARCHAR,
    meeting_url      VARCHAR,
    agenda_item_url  VARCHAR,
    body_key         VARCHAR,  -- columns after this one came with the OParl model
    authoritative    BOOLEAN,
    consultation_id  VARCHAR,
    organization_id  VARCHAR,
    meeting_id       VARCHAR,
    agenda_item_id   VARCHAR
);

CREATE TABLE IF NOT EXISTS files (
    file_id        VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    body_key       VARCHAR,
    paper_id       VARCHAR,
    meeting_id     VARCHAR,
    agenda_item_id VARCHAR,
    role           VARCHAR,  -- mainFile, auxiliaryFile, invitation, resolutionFile, page link ...
    position       INTEGER,
    name           VARCHAR,
    file_name      VARCHAR,
    mime_type      VARCHAR,
    size           BIGINT,
    access_url     VARCHAR,
    download_url   VARCHAR,
    date           DATE,
    text           VARCHAR  -- File.text, where the server provides it
);

-- Tables of paper texts carry the body too (filled from vorlagen by build_model.sql).
ALTER TABLE sections ADD COLUMN IF NOT EXISTS body_key VARCHAR;
ALTER TABLE answers ADD COLUMN IF NOT EXISTS body_key VARCHAR;
ALTER TABLE funding ADD COLUMN IF NOT EXISTS body_key VARCHAR;

-- == Documents ==================================================================================
-- Every document fetched (PDFs the OParl files and the pages link), once per content: the text
-- and how it was obtained. The bodies are in the store beside the warehouse, like pages'; the
-- responses (URL, status, sha256, provenance) in raw_responses with kind 'document'.
CREATE TABLE IF NOT EXISTS documents (
    document_id  VARCHAR PRIMARY KEY,  -- sha256 of the content: one row however many files share it
    bytes        BIGINT NOT NULL,
    pages        INTEGER,
    pages_read   INTEGER,  -- fewer than pages when the document has more than the cap
    truncated    BOOLEAN,  -- the text was cut at the page or character cap
    method       VARCHAR,  -- 'text layer' | 'server text' | 'none' (no text: a scan, or failed)
    extractor    VARCHAR,  -- name and version: a better extractor re-reads what it improves
    language     VARCHAR,  -- a hint: 'de' where German function words dominate
    image_only   BOOLEAN,  -- pages without a text layer: a scan
    chars        INTEGER,
    text         VARCHAR,
    error        VARCHAR,  -- why no text came out, naming the URL it was fetched from
    error_kind   VARCHAR,  -- too large, too many pages, timed out, memory, encrypted, broken ...
    extracted_at TIMESTAMPTZ NOT NULL
);

-- Every document response, in the shape of raw_responses (kind 'document'): URL, status, sha256,
-- validators, fetch times, the error where none came; the body in the store beside the warehouse.
CREATE TABLE IF NOT EXISTS document_responses (
    url              VARCHAR     NOT NULL,  -- the URL as the file names it
    sha256           VARCHAR     NOT NULL,  -- of the body; '' for a fetch that got no response
    kind             VARCHAR     NOT NULL,  -- 'document'
    paper_id         VARCHAR,               -- a paper that names it
    status           INTEGER,
    content_type     VARCHAR,
    etag             VARCHAR,
    last_modified    VARCHAR,
    error            VARCHAR,
    first_fetched_at TIMESTAMPTZ NOT NULL,
    last_fetched_at  TIMESTAMPTZ NOT NULL,
    body             BLOB,                  -- always NULL: bodies are in the store
    body_size        BIGINT,
    PRIMARY KEY (url, sha256)
);

-- URLs whose fetch failed (documents): retried with a back-off, not every night.
CREATE TABLE IF NOT EXISTS url_retries (
    url             VARCHAR PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_error      VARCHAR,
    last_failed_at  TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL
);

ALTER TABLE files ADD COLUMN IF NOT EXISTS document_id VARCHAR;  -- documents.document_id
ALTER TABLE answers ADD COLUMN IF NOT EXISTS refers_to VARCHAR;  -- "Siehe Antwort zu Frage 2" → "2"

-- == Answers and money from documents (issue 12) ==================================================
-- What the paper pages said, as the page parser and the extractors read them (the published
-- answers and funding are built from these and the documents' rows). Warehouses made before
-- documents were read held these rows in answers and funding: renamed (warehouse._migrate).
CREATE TABLE IF NOT EXISTS page_answers (
    paper_id           VARCHAR NOT NULL,
    reference          VARCHAR NOT NULL,
    question_reference VARCHAR,
    position           INTEGER NOT NULL,
    question_label     VARCHAR NOT NULL,
    question_text      VARCHAR,
    answer_text        VARCHAR NOT NULL,
    asked_by           VARCHAR,
    asked_on           DATE,
    body_key           VARCHAR,
    refers_to          VARCHAR
);
CREATE TABLE IF NOT EXISTS page_funding (
    paper_id     VARCHAR NOT NULL,
    reference    VARCHAR NOT NULL,
    position     INTEGER NOT NULL,
    amount       DECIMAL(18, 2) NOT NULL,
    amount_max   DECIMAL(18, 2),
    currency     VARCHAR NOT NULL,
    period       VARCHAR,
    role         VARCHAR,
    funder       VARCHAR,
    recipient    VARCHAR,
    applies_from VARCHAR,
    text         VARCHAR NOT NULL,
    body_key     VARCHAR
);

-- Where a published answer or amount came from: 'page' (the paper's page), 'document' (a
-- document's text, documents.document_id), 'table' (a budget table in a document: the row's
-- label and the column's year).
ALTER TABLE answers ADD COLUMN IF NOT EXISTS source VARCHAR;
ALTER TABLE answers ADD COLUMN IF NOT EXISTS document_id VARCHAR;
ALTER TABLE funding ADD COLUMN IF NOT EXISTS source VARCHAR;
ALTER TABLE funding ADD COLUMN IF NOT EXISTS document_id VARCHAR;
ALTER TABLE funding ADD COLUMN IF NOT EXISTS year INTEGER;   -- a table's column year
ALTER TABLE funding ADD COLUMN IF NOT EXISTS label VARCHAR;  -- a table's row label
ALTER TABLE funding ADD COLUMN IF NOT EXISTS basis VARCHAR;  -- actual | budget | forecast
ALTER TABLE funding ADD COLUMN IF NOT EXISTS page INTEGER;   -- the document page (1-based)

-- Answers read from a document's text, per paper that names the document (the question texts
-- come from the paper's question paper, so one document can answer differently for two papers).
CREATE TABLE IF NOT EXISTS document_answers (
    paper_id           VARCHAR NOT NULL,
    document_id        VARCHAR NOT NULL,
    position           INTEGER NOT NULL,
    question_reference VARCHAR,
    question_label     VARCHAR NOT NULL,
    question_text      VARCHAR,
    answer_text        VARCHAR NOT NULL,
    asked_by           VARCHAR,
    asked_on           DATE,
    refers_to          VARCHAR
);

-- Amounts of money in a document's prose (the funding extractor on its text), once per content.
CREATE TABLE IF NOT EXISTS document_funding (
    document_id  VARCHAR NOT NULL,
    position     INTEGER NOT NULL,
    amount       DECIMAL(18, 2) NOT NULL,
    amount_max   DECIMAL(18, 2),
    currency     VARCHAR NOT NULL,
    period       VARCHAR,
    role         VARCHAR,
    funder       VARCHAR,
    recipient    VARCHAR,
    applies_from VARCHAR,
    text         VARCHAR NOT NULL,
    page         INTEGER
);

-- Amounts in a document's budget tables (ratsinfo.extract.tables, read in the PDF worker): one
-- row per (table row, year column), once per content.
CREATE TABLE IF NOT EXISTS document_amounts (
    document_id VARCHAR NOT NULL,
    position    INTEGER NOT NULL,  -- order of the amount in the document
    amount      DECIMAL(18, 2) NOT NULL,
    currency    VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    kind        VARCHAR,  -- the column's kind as printed: "Ergebnis", "Ansatz", "Plan"
    basis       VARCHAR,  -- actual | budget | forecast
    label       VARCHAR NOT NULL,
    code        VARCHAR,
    column_header VARCHAR NOT NULL,
    cell        VARCHAR NOT NULL,
    unit        VARCHAR,
    caption     VARCHAR,
    page        INTEGER NOT NULL,
    table_no    INTEGER NOT NULL,
    row_no      INTEGER NOT NULL,
    col_no      INTEGER NOT NULL
);

-- Which (paper, document) pairs the answer extractor has read, with which version of it: a pair
-- is read again when the document's text, the paper's question paper or the extractor changes.
CREATE TABLE IF NOT EXISTS document_reads (
    paper_id    VARCHAR NOT NULL,
    document_id VARCHAR NOT NULL,
    version     VARCHAR NOT NULL,  -- ratsinfo.document_facts.VERSION and the question source
    answers     INTEGER NOT NULL,
    read_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (paper_id, document_id)
);
ALTER TABLE documents ADD COLUMN IF NOT EXISTS tables_read BOOLEAN;  -- budget tables looked for
ALTER TABLE documents ADD COLUMN IF NOT EXISTS funding_version VARCHAR;  -- prose amounts read by

-- == Full-text search (ratsinfo/search.py, docs/search.md) =====================================
-- The index is DuckDB's fts extension on the texts of the live papers (their subjects, page
-- sections and documents; ratsinfo/queries/search_texts.sql): the schema fts_main_search_texts,
-- read by the macro `search(query, ...)`. Rebuilt whole when what it is built from changed; this
-- table holds its last build: what it was built from (the fingerprint of its inputs and of the
-- code that builds it), when, how long it took, and its size. One row.
CREATE TABLE IF NOT EXISTS search_index_state (
    fingerprint VARCHAR NOT NULL,
    built_at    TIMESTAMPTZ NOT NULL,
    seconds     DOUBLE NOT NULL,     -- the rebuild: texts gathered, indexed, macro made
    texts       BIGINT NOT NULL,     -- texts indexed (subjects, sections, documents)
    papers      BIGINT NOT NULL,     -- live papers with at least one text
    terms       BIGINT NOT NULL,     -- distinct stemmed words
    postings    BIGINT NOT NULL,     -- words indexed (one row each in the fts terms table)
    bytes       BIGINT               -- storage of the index's tables, estimated
);

-- Which schema the file was last brought up to: the sha256 of these SQL files and the renames of
-- ratsinfo.warehouse (`apply_schema` runs them only when it changed: every step opens the file,
-- and the comments alone took 0.1 s each time). One row.
CREATE TABLE IF NOT EXISTS schema_state (
    sha256     VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL
);
