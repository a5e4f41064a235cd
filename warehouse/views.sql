-- ratsinfo analytics views (DuckDB). Applied by ratsinfo.warehouse.apply_schema() after schema.sql
-- (and comments.sql) whenever the pipeline opens the warehouse; every statement is idempotent
-- (CREATE OR REPLACE VIEW). The views compute on read: they always reflect the current tables.
--
-- Conventions shared by every view:
--   * Only live papers count: papers with vorlagen.deleted_at set (gone from the source) and
--     their consultations, answers and amounts are left out.
--   * Dates are the source's: a paper's month or year is that of vorlagen.date (the OParl date).
--   * Money is never summed across currencies: every money view has a `currency` column.


-- papers_per_month -------------------------------------------------------------------------------
-- Answers: how many papers of each type reached each committee per month?
-- Grain:   one row per (month, paper_type, committee). A paper counts once in every committee that
--          consults it (from beratungsfolge), so a paper with three committees counts in three
--          rows; papers without any consultation count under committee NULL. Papers without a
--          date are left out. For "papers per month" counting each paper once, use
--          papers_per_month_by_type.
-- Example: the committees with the most papers in 2025
--   SELECT committee, sum(papers) AS papers FROM papers_per_month
--   WHERE year(month) = 2025 GROUP BY committee ORDER BY papers DESC;
CREATE OR REPLACE VIEW papers_per_month AS
SELECT
    date_trunc('month', v.date)::DATE AS month,
    v.paper_type,
    b.committee,
    count(DISTINCT v.paper_id) AS papers
FROM vorlagen AS v
LEFT JOIN beratungsfolge AS b ON b.paper_id = v.paper_id
WHERE v.deleted_at IS NULL AND v.date IS NOT NULL
GROUP BY ALL
ORDER BY month, paper_type NULLS LAST, committee NULLS FIRST;


-- papers_per_month_by_type -----------------------------------------------------------------------
-- Answers: how many papers of each type were issued per month?
-- Grain:   one row per (month, paper_type); every live paper with a date counts exactly once, so
--          sum(papers) is the number of live dated papers.
-- Example: papers per year
--   SELECT year(month) AS year, sum(papers) AS papers FROM papers_per_month_by_type
--   GROUP BY year ORDER BY year;
CREATE OR REPLACE VIEW papers_per_month_by_type AS
SELECT
    date_trunc('month', date)::DATE AS month,
    paper_type,
    count(*) AS papers
FROM vorlagen
WHERE deleted_at IS NULL AND date IS NOT NULL
GROUP BY ALL
ORDER BY month, paper_type NULLS LAST;


-- questions_answered -----------------------------------------------------------------------------
-- Answers: who asked which question (Anfrage), which paper answered it, from which department,
--          and how many days the answer took.
-- Grain:   one row per (question paper, answering paper); a question without an answering paper
--          yet has one row with the answer columns NULL.
--   question paper: a live paper whose paper_type starts with "Anfrage".
--   answering paper: a live paper of the same source that the answers table links to the question
--          (answers.question_reference), or a follow-up (parent_reference = the question's
--          reference) of type Stellungnahme, Mitteilung or Antwort.
--   asker: answers.asked_by; for questions whose answers name no asker (or are not answered yet)
--          the question paper's lead_department (in ALLRIS the asking group or member), without
--          the suffix " im Rat der Stadt ..." ("CDU-Fraktion im Rat der Stadt" -> "CDU-Fraktion").
--   asked_on: answers.asked_on, else the question paper's date.
--   department: the answering paper's lead_department; answered_on: the answering paper's date;
--   days_to_answer = answered_on - asked_on; answered_questions: the numbered questions the
--          answering paper answers (rows in answers; 0 when it names none).
-- Example: the slowest answers
--   SELECT question_reference, asker, department, days_to_answer FROM questions_answered
--   WHERE days_to_answer IS NOT NULL ORDER BY days_to_answer DESC LIMIT 10;
CREATE OR REPLACE VIEW questions_answered AS
WITH questions AS (
    SELECT paper_id, source, reference, subject, paper_type, lead_department, date
    FROM vorlagen
    WHERE deleted_at IS NULL AND paper_type ILIKE 'Anfrage%'
),
links AS (
    SELECT DISTINCT a.question_reference, a.paper_id AS answer_paper_id
    FROM answers AS a
    WHERE a.question_reference IS NOT NULL
    UNION
    SELECT parent_reference, paper_id
    FROM vorlagen
    WHERE parent_reference IS NOT NULL
      AND (paper_type ILIKE 'Stellungnahme%' OR paper_type ILIKE 'Mitteilung%'
           OR paper_type ILIKE 'Antwort%')
),
answering AS (
    SELECT q.paper_id AS question_paper_id, v.paper_id, v.reference, v.paper_type,
           v.lead_department, v.date
    FROM questions AS q
    JOIN links AS l ON l.question_reference = q.reference
    JOIN vorlagen AS v
      ON v.paper_id = l.answer_paper_id AND v.source = q.source AND v.deleted_at IS NULL
),
asked AS (  -- what the answers say about the question (asker, date), per question
    SELECT n.question_paper_id, min(a.asked_by) AS asked_by, min(a.asked_on) AS asked_on
    FROM answering AS n
    JOIN answers AS a ON a.paper_id = n.paper_id
    GROUP BY n.question_paper_id
),
answered_counts AS (
    SELECT paper_id, count(*) AS answered_questions FROM answers GROUP BY paper_id
)
SELECT
    q.paper_id AS question_paper_id,
    q.reference AS question_reference,
    q.subject AS question_subject,
    q.paper_type AS question_type,
    coalesce(
        s.asked_by, regexp_replace(q.lead_department, '\.?\s+im Rat der Stadt.*$', '')
    ) AS asker,
    coalesce(s.asked_on, q.date) AS asked_on,
    n.paper_id AS answer_paper_id,
    n.reference AS answer_reference,
    n.paper_type AS answer_type,
    n.lead_department AS department,
    n.date AS answered_on,
    n.date - coalesce(s.asked_on, q.date) AS days_to_answer,
    CASE WHEN n.paper_id IS NULL THEN NULL ELSE coalesce(c.answered_questions, 0) END
        AS answered_questions
FROM questions AS q
LEFT JOIN asked AS s ON s.question_paper_id = q.paper_id
LEFT JOIN answering AS n ON n.question_paper_id = q.paper_id
LEFT JOIN answered_counts AS c ON c.paper_id = n.paper_id
ORDER BY asked_on, question_reference, answered_on, answer_reference;


-- answer_times -----------------------------------------------------------------------------------
-- Answers: how quickly are council questions answered, by asker and by answering department?
-- Grain:   one row per (dimension, name): dimension 'asker' (name = questions_answered.asker) or
--          'department' (name = the lead department of the question's first answering paper).
--   questions: question papers; answered: those with an answering paper (for 'department' rows
--          both count answered questions only); median_days / mean_days: days from the question
--          to its first answering paper (NULL when none is dated).
-- Example: departments by median answer time
--   SELECT name AS department, answered, median_days, mean_days FROM answer_times
--   WHERE dimension = 'department' ORDER BY median_days DESC;
CREATE OR REPLACE VIEW answer_times AS
WITH per_question AS (
    SELECT question_paper_id, asker, answer_paper_id, department, days_to_answer
    FROM questions_answered
    QUALIFY row_number() OVER (
        PARTITION BY question_paper_id
        ORDER BY answered_on NULLS LAST, answer_reference NULLS LAST
    ) = 1
)
SELECT
    'asker' AS dimension,
    asker AS name,
    count(*) AS questions,
    count(answer_paper_id) AS answered,
    round(quantile_cont(days_to_answer, 0.5), 1) AS median_days,
    round(avg(days_to_answer), 1) AS mean_days
FROM per_question
GROUP BY asker
UNION ALL
SELECT
    'department',
    department,
    count(*),
    count(answer_paper_id),
    round(quantile_cont(days_to_answer, 0.5), 1),
    round(avg(days_to_answer), 1)
FROM per_question
WHERE answer_paper_id IS NOT NULL
GROUP BY department
ORDER BY dimension, name NULLS LAST;


-- committee_workload -----------------------------------------------------------------------------
-- Answers: how many papers does a committee handle per meeting, how often does it postpone, and
--          what are its totals?
-- Grain:   one row per (committee, meeting_date, meeting): the beratungsfolge rows with a meeting
--          (meeting_position > 0 and a date or a meeting name). consultations: beratungsfolge rows
--          of the meeting; postponed: those whose decision contains "vertagt"; postponed_share =
--          postponed / consultations. The committee_* columns repeat the committee's totals over
--          all its meetings on every row of the committee.
-- Example: committees by consultations per meeting
--   SELECT DISTINCT committee, committee_meetings, committee_consultations,
--          committee_consultations_per_meeting, committee_postponed_share
--   FROM committee_workload ORDER BY committee_consultations_per_meeting DESC;
CREATE OR REPLACE VIEW committee_workload AS
WITH meetings AS (
    SELECT
        b.committee,
        b.date AS meeting_date,
        b.meeting,
        count(*) AS consultations,
        count(DISTINCT b.paper_id) AS papers,
        count(*) FILTER (WHERE b.decision ILIKE '%vertagt%') AS postponed
    FROM beratungsfolge AS b
    JOIN vorlagen AS v ON v.paper_id = b.paper_id
    WHERE v.deleted_at IS NULL AND b.meeting_position > 0
      AND (b.date IS NOT NULL OR b.meeting IS NOT NULL)
    GROUP BY ALL
)
SELECT
    committee,
    meeting_date,
    meeting,
    consultations,
    papers,
    postponed,
    round(postponed / consultations, 3) AS postponed_share,
    count(*) OVER w AS committee_meetings,
    (sum(consultations) OVER w)::BIGINT AS committee_consultations,
    (sum(postponed) OVER w)::BIGINT AS committee_postponed,
    round(sum(consultations) OVER w / count(*) OVER w, 2) AS committee_consultations_per_meeting,
    round(sum(postponed) OVER w / sum(consultations) OVER w, 3) AS committee_postponed_share
FROM meetings
WINDOW w AS (PARTITION BY committee)
ORDER BY committee, meeting_date NULLS LAST, meeting NULLS LAST;


-- funding_amounts --------------------------------------------------------------------------------
-- Answers: every live amount of money with the year it belongs to and its yearly value (the base
--          of funding_by_recipient_year and funding_by_department).
-- Grain:   one row per funding row of a live paper, hourly rates left out (a rate is no sum).
--   year: the year named in funding.applies_from when it names one ("Haushaltsjahr 2027",
--          "ab 2026", "Ende 2018"), else the year of the paper's date.
--   yearly_amount: annual amounts count once, as the amount of that year (an amount "jährlich"
--          is not multiplied over the years it runs); monthly amounts x 12, quarterly x 4;
--          one-off amounts and amounts without a period as stated. Ranges count their lower
--          bound (funding.amount; amount_max is left out).
-- Example: the yearly amounts of one paper
--   SELECT reference, year, period, amount, yearly_amount, recipient FROM funding_amounts
--   WHERE reference = '25-25641-01';
CREATE OR REPLACE VIEW funding_amounts AS
SELECT
    f.paper_id,
    f.reference,
    f.position,
    coalesce(
        TRY_CAST(regexp_extract(f.applies_from, '\b(19\d\d|20\d\d)\b', 1) AS INTEGER),
        year(v.date)
    ) AS year,
    f.currency,
    f.amount,
    f.period,
    CASE f.period
        WHEN 'monthly' THEN f.amount * 12
        WHEN 'quarterly' THEN f.amount * 4
        ELSE f.amount
    END AS yearly_amount,
    f.role,
    f.funder,
    f.recipient,
    v.lead_department
FROM funding AS f
JOIN vorlagen AS v ON v.paper_id = f.paper_id
WHERE v.deleted_at IS NULL AND f.period IS DISTINCT FROM 'hourly';


-- funding_by_recipient_year ----------------------------------------------------------------------
-- Answers: how much money is named for each recipient per year?
-- Grain:   one row per (recipient, year, currency); amounts naming no recipient are under
--          recipient NULL. amount: sum of funding_amounts.yearly_amount (annual amounts count once
--          per year, see funding_amounts); annual_amount: the part stated as annual; rows: funding
--          rows; papers: distinct papers naming them.
-- Example: the ten largest recipients over all years
--   SELECT recipient, currency, sum(amount) AS amount FROM funding_by_recipient_year
--   WHERE recipient IS NOT NULL GROUP BY ALL ORDER BY amount DESC LIMIT 10;
CREATE OR REPLACE VIEW funding_by_recipient_year AS
SELECT
    recipient,
    year,
    currency,
    sum(yearly_amount) AS amount,
    coalesce(sum(yearly_amount) FILTER (WHERE period = 'annual'), 0) AS annual_amount,
    count(*) AS rows,
    count(DISTINCT paper_id) AS papers
FROM funding_amounts
GROUP BY ALL
ORDER BY recipient NULLS LAST, year NULLS LAST, currency;


-- funding_by_department --------------------------------------------------------------------------
-- Answers: how much money do each department's papers name per year?
-- Grain:   one row per (lead_department, year, currency) of the paper naming the amounts; amount,
--          annual_amount, rows and papers as in funding_by_recipient_year.
-- Example: departments by amount in 2026
--   SELECT lead_department, amount FROM funding_by_department
--   WHERE year = 2026 AND currency = 'EUR' ORDER BY amount DESC;
CREATE OR REPLACE VIEW funding_by_department AS
SELECT
    lead_department,
    year,
    currency,
    sum(yearly_amount) AS amount,
    coalesce(sum(yearly_amount) FILTER (WHERE period = 'annual'), 0) AS annual_amount,
    count(*) AS rows,
    count(DISTINCT paper_id) AS papers
FROM funding_amounts
GROUP BY ALL
ORDER BY lead_department NULLS LAST, year NULLS LAST, currency;
