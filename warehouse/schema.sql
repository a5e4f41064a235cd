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

-- Papers (Vorlagen): the Grunddaten of each paper page, with the OParl date and links.
CREATE TABLE IF NOT EXISTS vorlagen (
    paper_id                  VARCHAR PRIMARY KEY,
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

-- Beratungsfolge: one row per meeting of a committee's consultation of a paper, plus one row for
-- a consultation with no meeting yet (meeting_position 0).
CREATE TABLE IF NOT EXISTS beratungsfolge (
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
    agenda_item_url  VARCHAR,
    PRIMARY KEY (paper_id, position, meeting_position)
);

-- Inline text sections of a paper page (Sachverhalt, Begründung, Beschlussvorschlag ...).
CREATE TABLE IF NOT EXISTS sections (
    paper_id  VARCHAR NOT NULL,
    reference VARCHAR NOT NULL,
    position  INTEGER NOT NULL,
    title     VARCHAR NOT NULL,
    text      VARCHAR NOT NULL,
    PRIMARY KEY (paper_id, position)
);

-- Documents linked from a paper page (Vorlage, Sammeldokument, Anlagen ...).
CREATE TABLE IF NOT EXISTS files (
    paper_id  VARCHAR NOT NULL,
    position  INTEGER NOT NULL,
    title     VARCHAR NOT NULL,
    url       VARCHAR NOT NULL,
    PRIMARY KEY (paper_id, position)
);

-- The administration's answers to council questions: one row per answered question.
CREATE TABLE IF NOT EXISTS answers (
    paper_id           VARCHAR NOT NULL,
    reference          VARCHAR NOT NULL,  -- the answering paper
    question_reference VARCHAR,           -- the question paper it answers, where known
    position           INTEGER NOT NULL,
    question_label     VARCHAR NOT NULL,  -- as printed: "1", "2a", "2a/b"
    question_text      VARCHAR,
    answer_text        VARCHAR NOT NULL,
    asked_by           VARCHAR,
    asked_on           DATE,
    PRIMARY KEY (paper_id, position)
);

-- Amounts of money named in a paper's text: one row per amount.
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
    text         VARCHAR NOT NULL,
    PRIMARY KEY (paper_id, position)
);

-- Pages that did not parse, from the latest run that read them (cleared when they parse again).
CREATE TABLE IF NOT EXISTS parse_failures (
    url      VARCHAR PRIMARY KEY,
    sha256   VARCHAR,  -- of the page that failed: it is not parsed again until it changes
    paper_id VARCHAR,
    error    VARCHAR NOT NULL,
    seen_at  TIMESTAMPTZ NOT NULL
);
