-- ratsinfo analytics views (DuckDB). Applied by ratsinfo.warehouse.apply_schema() after schema.sql
-- (and comments.sql) whenever the pipeline opens the warehouse; every statement is idempotent
-- (CREATE OR REPLACE MACRO / VIEW). The views compute on read: they always reflect the current
-- tables.
--
-- Conventions shared by every view:
--   * Per body: every view has `body_key` (bodies.body_key: the council within a source) as its
--     first column and counts per body; nothing is added up across bodies. References ("18/2015")
--     repeat across councils, so a join by reference also matches the source and the body
--     (`body_key IS NOT DISTINCT FROM`: rows loaded before the OParl model may have none).
--   * Only live papers count: papers with vorlagen.deleted_at set (gone from the source) and
--     their consultations, answers and amounts are left out; likewise deleted meetings.
--   * Dates are the source's: a paper's month or year is that of vorlagen.date (the OParl date),
--     a meeting's that of meetings.date.
--   * Money is never summed across currencies: every money view has a `currency` column.
--   * Which paper types are questions is decided in one place, is_question_type() below.


-- is_question_type(paper_type) -------------------------------------------------------------------
-- Whether a paper type is a council question (Anfrage): the one rule questions_answered,
-- answer_times and who_asks use. The types differ by vendor and council, e.g. "Anfrage",
-- "Anfrage (öffentlich)" (ALLRIS 4), "Anfrage gem. § 14 GeschO", "Anfrage der Fraktion ...",
-- "Kleine Anfrage", "Große Anfrage", "Schriftliche Anfrage" (Berlin BVV), "Auskunftsersuchen nach
-- § 27 BezVG" and "Anfrage nach § 27 BezVG" (Hamburg, classic ALLRIS), "Einwohnerfrage",
-- "Einwohneranfrage".
-- Rule, on the lower-cased, trimmed type:
--   a question when it leads (after at most one of kleine, große/grosse, schriftliche, mündliche,
--     dringliche, aktuelle) with the noun Anfrage or Anfragen, a compound ending in it
--     (Einwohneranfrage, Sachstandsanfrage, CDU-Anfrage), Einwohnerfrage or Bürgerfrage (also
--     -innen- forms), or Auskunftsersuchen;
--   but never when the type names an answer: it contains "antwort" (Antwort, Beantwortung einer
--     Anfrage, Anfragebeantwortung) or "stellungnahme" ("Antwort / Stellungnahme des
--     Bezirksamtes").
--   Other types lead with another noun and are no questions: Antrag, Mitteilungsvorlage,
--   Beschlussvorlage ...; NULL is no question. Not caught: questions filed under a general type
--   (some Sternberg councils file them as "Mitteilungsvorlage", "Anfrage" only in the name).
-- Example: the question types of each body
--   SELECT body_key, paper_type, count(*) AS papers FROM vorlagen
--   WHERE is_question_type(paper_type) GROUP BY ALL ORDER BY papers DESC;
CREATE OR REPLACE MACRO is_question_type(paper_type) AS coalesce(
    regexp_matches(
        lower(trim(paper_type)),
        '^((kleine|große|grosse|schriftliche|mündliche|dringliche|aktuelle)\s+)?'
        || '([a-zäöüß*-]*anfragen?|(einwohner|bürger)[a-zäöüß*]*frage|auskunftsersuchen)'
        || '([^a-zäöüß]|$)'
    )
    AND NOT regexp_matches(lower(paper_type), 'antwort|stellungnahme'),
    false
);


-- is_answer_type(paper_type) ---------------------------------------------------------------------
-- Whether a paper type is one that answers a question when it follows it (parent_reference =
-- the question's reference), for questions_answered: a type starting with Stellungnahme,
-- Mitteilung or Antwort ("Antwort / Stellungnahme des Bezirksamtes", "Mitteilungsvorlage der
-- Verwaltung"), or naming a Beantwortung ("Beantwortung einer Anfrage"); never a question type.
-- Example: SELECT DISTINCT paper_type FROM vorlagen WHERE is_answer_type(paper_type);
CREATE OR REPLACE MACRO is_answer_type(paper_type) AS coalesce(
    regexp_matches(lower(trim(paper_type)), '^(stellungnahme|mitteilung|antwort)|beantwortung')
    AND NOT is_question_type(paper_type),
    false
);


-- is_cancelled_meeting(cancelled, meeting_state) -------------------------------------------------
-- Whether a meeting was called off: Meeting.cancelled is true, or its meetingState says so
-- (vendors that never set `cancelled` write "abgesagt", "ausgefallen", "entfällt" ...).
-- Example: SELECT count(*) FROM meetings WHERE is_cancelled_meeting(cancelled, meeting_state);
CREATE OR REPLACE MACRO is_cancelled_meeting(cancelled, meeting_state) AS
    coalesce(cancelled, false)
    OR coalesce(
        regexp_matches(lower(meeting_state), 'abgesagt|ausgefallen|entfällt|entfallen|aufgehoben'),
        false
    );


-- papers_per_month -------------------------------------------------------------------------------
-- Answers: how many papers of each type reached each committee per month, in each body?
-- Grain:   one row per (body_key, month, paper_type, committee). A paper counts once in every
--          committee that consults it (from beratungsfolge), so a paper with three committees
--          counts in three rows; papers without any consultation count under committee NULL.
--          Papers without a date are left out. For "papers per month" counting each paper once,
--          use papers_per_month_by_type.
-- Example: the committees with the most papers in 2025
--   SELECT body_key, committee, sum(papers) AS papers FROM papers_per_month
--   WHERE year(month) = 2025 GROUP BY ALL ORDER BY papers DESC;
CREATE OR REPLACE VIEW papers_per_month AS
SELECT
    v.body_key,
    date_trunc('month', v.date)::DATE AS month,
    v.paper_type,
    b.committee,
    count(DISTINCT v.paper_id) AS papers
FROM vorlagen AS v
LEFT JOIN beratungsfolge AS b ON b.paper_id = v.paper_id
WHERE v.deleted_at IS NULL AND v.date IS NOT NULL
GROUP BY ALL
ORDER BY body_key NULLS LAST, month, paper_type NULLS LAST, committee NULLS FIRST;


-- papers_per_month_by_type -----------------------------------------------------------------------
-- Answers: how many papers of each type were issued per month, in each body?
-- Grain:   one row per (body_key, month, paper_type); every live paper with a date counts exactly
--          once, so sum(papers) is the number of live dated papers.
-- Example: papers per body and year
--   SELECT body_key, year(month) AS year, sum(papers) AS papers FROM papers_per_month_by_type
--   GROUP BY ALL ORDER BY body_key, year;
CREATE OR REPLACE VIEW papers_per_month_by_type AS
SELECT
    body_key,
    date_trunc('month', date)::DATE AS month,
    paper_type,
    count(*) AS papers
FROM vorlagen
WHERE deleted_at IS NULL AND date IS NOT NULL
GROUP BY ALL
ORDER BY body_key NULLS LAST, month, paper_type NULLS LAST;


-- questions_answered -----------------------------------------------------------------------------
-- Answers: who asked which question (Anfrage), which paper answered it, from which department,
--          and how many days the answer took.
-- Grain:   one row per (question paper, answering paper); a question without an answering paper
--          yet has one row with the answer columns NULL.
--   question paper: a live paper whose paper_type is_question_type() (see above).
--   answering paper: a live paper of the same source and body that the answers table links to
--          the question (answers.question_reference), or a follow-up (parent_reference = the
--          question's reference) whose type is_answer_type() (Stellungnahme, Mitteilung, Antwort,
--          Beantwortung ...). References are matched within the body only.
--   asker, and asker_via, where it came from:
--          'originators': the question paper's vorlagen.originators (OParl originatorPerson /
--             originatorOrganization), names joined with ", ";
--          'answers': else answers.asked_by of its answering papers;
--          'lead_department': else the question paper's lead_department (in ALLRIS the asking
--             group or member), without the suffix " im Rat der Stadt ..." ("CDU-Fraktion im Rat
--             der Stadt" -> "CDU-Fraktion"); NULL when none of them names anyone.
--   asked_on: answers.asked_on, else the question paper's date.
--   department: the answering paper's lead_department; answered_on: the answering paper's date;
--   days_to_answer = answered_on - asked_on; answered_questions: the numbered questions the
--          answering paper answers (rows in answers; 0 when it names none).
-- Example: the slowest answers
--   SELECT body_key, question_reference, asker, department, days_to_answer
--   FROM questions_answered WHERE days_to_answer IS NOT NULL
--   ORDER BY days_to_answer DESC LIMIT 10;
CREATE OR REPLACE VIEW questions_answered AS
WITH questions AS (
    SELECT paper_id, source, body_key, reference, subject, paper_type, lead_department, date,
           array_to_string(
               list_sort(list_distinct(list_filter(
                   list_transform(originators, lambda x: trim(x)), lambda x: x <> ''
               ))),
               ', '
           ) AS originators
    FROM vorlagen
    WHERE deleted_at IS NULL AND is_question_type(paper_type)
),
links AS (  -- (question reference, answering paper); the body comes with the answering paper
    SELECT DISTINCT a.question_reference, a.paper_id AS answer_paper_id
    FROM answers AS a
    WHERE a.question_reference IS NOT NULL
    UNION
    SELECT parent_reference, paper_id
    FROM vorlagen
    WHERE parent_reference IS NOT NULL AND is_answer_type(paper_type)
),
answering AS (
    SELECT q.paper_id AS question_paper_id, v.paper_id, v.reference, v.paper_type,
           v.lead_department, v.date
    FROM questions AS q
    JOIN links AS l ON l.question_reference = q.reference
    JOIN vorlagen AS v
      ON v.paper_id = l.answer_paper_id AND v.deleted_at IS NULL
     AND v.source = q.source AND v.body_key IS NOT DISTINCT FROM q.body_key
),
asked AS (  -- what the answers say about the question (asker, date), per question
    SELECT n.question_paper_id, min(a.asked_by) AS asked_by, min(a.asked_on) AS asked_on
    FROM answering AS n
    JOIN answers AS a ON a.paper_id = n.paper_id
    GROUP BY n.question_paper_id
),
answered_counts AS (
    SELECT paper_id, count(*) AS answered_questions FROM answers GROUP BY paper_id
),
askers AS (
    SELECT q.paper_id,
           nullif(regexp_replace(q.lead_department, '\.?\s+im Rat der Stadt.*$', ''), '')
               AS lead_asker
    FROM questions AS q
)
SELECT
    q.body_key,
    q.paper_id AS question_paper_id,
    q.reference AS question_reference,
    q.subject AS question_subject,
    q.paper_type AS question_type,
    coalesce(nullif(q.originators, ''), s.asked_by, k.lead_asker) AS asker,
    CASE
        WHEN nullif(q.originators, '') IS NOT NULL THEN 'originators'
        WHEN s.asked_by IS NOT NULL THEN 'answers'
        WHEN k.lead_asker IS NOT NULL THEN 'lead_department'
    END AS asker_via,
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
JOIN askers AS k ON k.paper_id = q.paper_id
LEFT JOIN asked AS s ON s.question_paper_id = q.paper_id
LEFT JOIN answering AS n ON n.question_paper_id = q.paper_id
LEFT JOIN answered_counts AS c ON c.paper_id = n.paper_id
ORDER BY body_key NULLS LAST, asked_on, question_reference, answered_on, answer_reference;


-- answer_times -----------------------------------------------------------------------------------
-- Answers: how quickly are council questions answered, by asker and by answering department, in
--          each body?
-- Grain:   one row per (body_key, dimension, name): dimension 'asker' (name =
--          questions_answered.asker) or 'department' (name = the lead department of the
--          question's first answering paper).
--   questions: question papers; answered: those with an answering paper (for 'department' rows
--          both count answered questions only); median_days / mean_days: days from the question
--          to its first answering paper (NULL when none is dated).
-- Example: departments by median answer time
--   SELECT body_key, name AS department, answered, median_days, mean_days FROM answer_times
--   WHERE dimension = 'department' ORDER BY median_days DESC;
CREATE OR REPLACE VIEW answer_times AS
WITH per_question AS (
    SELECT body_key, question_paper_id, asker, answer_paper_id, department, days_to_answer
    FROM questions_answered
    QUALIFY row_number() OVER (
        PARTITION BY question_paper_id
        ORDER BY answered_on NULLS LAST, answer_reference NULLS LAST
    ) = 1
)
SELECT
    body_key,
    'asker' AS dimension,
    asker AS name,
    count(*) AS questions,
    count(answer_paper_id) AS answered,
    round(quantile_cont(days_to_answer, 0.5), 1) AS median_days,
    round(avg(days_to_answer), 1) AS mean_days
FROM per_question
GROUP BY body_key, asker
UNION ALL
SELECT
    body_key,
    'department',
    department,
    count(*),
    count(answer_paper_id),
    round(quantile_cont(days_to_answer, 0.5), 1),
    round(avg(days_to_answer), 1)
FROM per_question
WHERE answer_paper_id IS NOT NULL
GROUP BY body_key, department
ORDER BY body_key NULLS LAST, dimension, name NULLS LAST;


-- who_asks ---------------------------------------------------------------------------------------
-- Answers: who asks the council's questions (Anfragen): how many question papers does each
--          person or faction put, per body and year, and how many of them were answered?
-- Grain:   one row per (body_key, year, originator, via). A question paper counts once for every
--          originator it names, so a question co-signed by two factions counts in both rows;
--          year: of the question paper's date (NULL: undated papers).
--   originator, and via, where it came from (as questions_answered.asker_via):
--          'originators': one of the paper's vorlagen.originators, the names of OParl
--             Paper.originatorPerson and Paper.originatorOrganization;
--          'answers': the source names no originator, but an answering paper names the asker
--             (answers.asked_by, as written there);
--          NULL (originator NULL): neither says who asked (the lead_department fallback of
--             questions_answered is no originator).
--   originator_type: 'person' or 'organization' when the name is one of the source's persons
--          or organizations (factions, groups), else NULL (an asked_by text).
--   questions: distinct question papers; answered: those with an answering paper
--          (questions_answered).
-- Example: the most active askers of each body in 2025
--   SELECT body_key, originator, originator_type, questions, answered FROM who_asks
--   WHERE year = 2025 AND originator IS NOT NULL ORDER BY body_key, questions DESC;
CREATE OR REPLACE VIEW who_asks AS
WITH questions AS (
    SELECT question_paper_id, asker, asker_via,
           bool_or(answer_paper_id IS NOT NULL) AS answered
    FROM questions_answered
    GROUP BY ALL
),
named AS (
    SELECT v.paper_id, v.source, v.body_key, year(v.date) AS year, q.answered,
           CASE WHEN q.asker_via IN ('originators', 'answers') THEN q.asker_via END AS via,
           nullif(trim(unnest(
               CASE q.asker_via
                   WHEN 'originators' THEN v.originators
                   WHEN 'answers' THEN [q.asker]
                   ELSE [NULL::VARCHAR]
               END
           )), '') AS originator
    FROM questions AS q
    JOIN vorlagen AS v ON v.paper_id = q.question_paper_id
),
typed AS (
    SELECT n.*,
           CASE
               WHEN originator IS NULL THEN NULL
               WHEN EXISTS (
                   SELECT 1 FROM persons AS p WHERE p.source = n.source AND p.name = n.originator
               ) THEN 'person'
               WHEN EXISTS (
                   SELECT 1 FROM organizations AS o
                   WHERE o.source = n.source AND o.name = n.originator
               ) THEN 'organization'
           END AS originator_type
    FROM named AS n
    WHERE originator IS NOT NULL OR via IS NULL  -- blank names in a list are no originator
)
SELECT
    body_key,
    year,
    originator,
    originator_type,
    via,
    count(DISTINCT paper_id) AS questions,
    count(DISTINCT paper_id) FILTER (WHERE answered) AS answered
FROM typed
GROUP BY ALL
ORDER BY body_key NULLS LAST, year NULLS LAST, questions DESC, originator NULLS LAST, via;


-- committee_workload -----------------------------------------------------------------------------
-- Answers: how many papers does a committee handle per meeting, how often does it postpone, and
--          what are its totals?
-- Grain:   one row per (body_key, committee, meeting_date, meeting): the beratungsfolge rows with
--          a meeting (meeting_position > 0 and a date or a meeting name). consultations:
--          beratungsfolge rows of the meeting; postponed: those whose decision contains
--          "vertagt"; postponed_share = postponed / consultations. The committee_* columns repeat
--          the committee's totals over all its meetings (in its body) on every row of the
--          committee. For meetings as the source lists them (also those without papers, and
--          cancelled ones), see meetings_per_committee.
-- Example: committees by consultations per meeting
--   SELECT DISTINCT body_key, committee, committee_meetings, committee_consultations,
--          committee_consultations_per_meeting, committee_postponed_share
--   FROM committee_workload ORDER BY committee_consultations_per_meeting DESC;
CREATE OR REPLACE VIEW committee_workload AS
WITH per_meeting AS (
    SELECT
        v.body_key,
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
    body_key,
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
FROM per_meeting
WINDOW w AS (PARTITION BY body_key, committee)
ORDER BY body_key NULLS LAST, committee, meeting_date NULLS LAST, meeting NULLS LAST;


-- meetings_per_committee -------------------------------------------------------------------------
-- Answers: how often does each committee meet, how often are its meetings called off, and how
--          long are its agendas, per body and year?
-- Grain:   one row per (body_key, organization_id, year): the meetings of the source (deleted
--          ones left out) by the organization holding them (meetings.organization_id, the first
--          one a joint meeting names; NULL: none named) and the year of their date (NULL:
--          undated). committee: the organization's name (organizations.name, else
--          meetings.committee).
--   meetings: meetings not cancelled (held or still to come); cancelled_meetings: those
--          is_cancelled_meeting() (Meeting.cancelled, or a meetingState "abgesagt" ...), counted
--          apart and nowhere else; agenda_items: agenda items of the meetings not cancelled;
--          agenda_items_per_meeting = agenda_items / meetings; papers: distinct papers on
--          those agenda items.
-- Example: committees by meetings in 2024
--   SELECT body_key, committee, meetings, cancelled_meetings, agenda_items_per_meeting
--   FROM meetings_per_committee WHERE year = 2024 ORDER BY meetings DESC;
CREATE OR REPLACE VIEW meetings_per_committee AS
WITH held AS (
    SELECT m.body_key, m.organization_id, coalesce(o.name, m.committee) AS committee,
           year(m.date) AS year, m.meeting_id,
           is_cancelled_meeting(m.cancelled, m.meeting_state) AS cancelled
    FROM meetings AS m
    LEFT JOIN organizations AS o ON o.organization_id = m.organization_id
    WHERE NOT m.deleted
)
SELECT
    h.body_key,
    h.organization_id,
    min(h.committee) AS committee,
    h.year,
    count(DISTINCT h.meeting_id) FILTER (WHERE NOT h.cancelled) AS meetings,
    count(DISTINCT h.meeting_id) FILTER (WHERE h.cancelled) AS cancelled_meetings,
    count(a.agenda_item_id) FILTER (WHERE NOT h.cancelled) AS agenda_items,
    round(
        count(a.agenda_item_id) FILTER (WHERE NOT h.cancelled)
        / nullif(count(DISTINCT h.meeting_id) FILTER (WHERE NOT h.cancelled), 0),
        2
    ) AS agenda_items_per_meeting,
    count(DISTINCT a.paper_id) FILTER (WHERE NOT h.cancelled) AS papers
FROM held AS h
LEFT JOIN agenda_items AS a ON a.meeting_id = h.meeting_id
GROUP BY h.body_key, h.organization_id, h.year
ORDER BY body_key NULLS LAST, committee NULLS LAST, organization_id NULLS LAST, year NULLS LAST;


-- attendance -------------------------------------------------------------------------------------
-- Answers: how often do council members attend the meetings of the committees they sit in?
-- Grain:   one row per (body_key, person_id), only from meetings whose participants the source
--          lists (Meeting.participant: meetings.participant_ids not empty), that are neither
--          cancelled (is_cancelled_meeting) nor deleted: "recorded meetings". A source or body
--          without participant lists has no rows.
--   member_meetings: recorded meetings of the organizations the person is a member of
--          (memberships.organization_id = meetings.organization_id) on a date within the
--          membership (start_date .. end_date, both inclusive, open when NULL; an undated
--          meeting counts only for memberships without dates); deputy memberships (role
--          "stellv. Mitglied", "Stellvertretendes Mitglied", "Ersatzmitglied", "Vertreter/in")
--          are left out: a deputy is not expected to attend. A meeting counts once however many
--          memberships lead to it.
--   member_meetings_attended: those that list the person; attendance_share =
--          member_meetings_attended / member_meetings (NULL without member meetings);
--   meetings_attended: all recorded meetings that list the person; other_meetings_attended:
--          those outside their memberships (as a deputy or guest).
--   person: persons.name (NULL for participants the source lists no Person object for).
-- Example: the members who miss most of their meetings
--   SELECT body_key, person, member_meetings, member_meetings_attended, attendance_share
--   FROM attendance WHERE member_meetings >= 5 ORDER BY attendance_share LIMIT 10;
CREATE OR REPLACE VIEW attendance AS
WITH recorded AS (
    SELECT meeting_id, body_key, organization_id, date, participant_ids
    FROM meetings
    WHERE NOT deleted AND NOT is_cancelled_meeting(cancelled, meeting_state)
      AND len(participant_ids) > 0
),
attended AS (
    SELECT DISTINCT meeting_id, body_key, person_id
    FROM (SELECT meeting_id, body_key, unnest(participant_ids) AS person_id FROM recorded)
    WHERE person_id IS NOT NULL
),
expected AS (
    SELECT DISTINCT r.meeting_id, r.body_key, ms.person_id
    FROM recorded AS r
    JOIN memberships AS ms ON ms.organization_id = r.organization_id
    WHERE ms.person_id IS NOT NULL
      AND (ms.start_date IS NULL OR r.date >= ms.start_date)
      AND (ms.end_date IS NULL OR r.date <= ms.end_date)
      AND NOT coalesce(regexp_matches(
          lower(trim(ms.role)),
          '^((stellv\.?|stellvertretende[rs]?|ersatz)\s*mitglied|(stell)?vertreter(in)?$)'
      ), false)
),
both_sides AS (
    SELECT coalesce(e.body_key, a.body_key) AS body_key,
           coalesce(e.person_id, a.person_id) AS person_id,
           e.meeting_id IS NOT NULL AS expected,
           a.meeting_id IS NOT NULL AS present
    FROM expected AS e
    FULL JOIN attended AS a ON a.meeting_id = e.meeting_id AND a.person_id = e.person_id
)
SELECT
    b.body_key,
    b.person_id,
    any_value(p.name) AS person,
    count(*) FILTER (WHERE b.expected) AS member_meetings,
    count(*) FILTER (WHERE b.expected AND b.present) AS member_meetings_attended,
    round(
        count(*) FILTER (WHERE b.expected AND b.present)
        / nullif(count(*) FILTER (WHERE b.expected), 0),
        3
    ) AS attendance_share,
    count(*) FILTER (WHERE b.present) AS meetings_attended,
    count(*) FILTER (WHERE b.present AND NOT b.expected) AS other_meetings_attended
FROM both_sides AS b
LEFT JOIN persons AS p ON p.person_id = b.person_id
GROUP BY b.body_key, b.person_id
ORDER BY body_key NULLS LAST, person NULLS LAST, person_id;


-- funding_amounts --------------------------------------------------------------------------------
-- Answers: every live amount of money with the year it belongs to and its yearly value (the base
--          of funding_by_recipient_year and funding_by_department).
-- Grain:   one row per funding row of a live paper, hourly rates left out (a rate is no sum);
--          body_key: the paper's body.
--   year: the year named in funding.applies_from when it names one ("Haushaltsjahr 2027",
--          "ab 2026", "Ende 2018"), else the year of the paper's date.
--   yearly_amount: annual amounts count once, as the amount of that year (an amount "jährlich"
--          is not multiplied over the years it runs); monthly amounts x 12, quarterly x 4;
--          one-off amounts and amounts without a period as stated. Ranges count their lower
--          bound (funding.amount; amount_max is left out).
-- Example: the yearly amounts of one paper (references repeat across bodies: name the body)
--   SELECT reference, year, period, amount, yearly_amount, recipient FROM funding_amounts
--   WHERE reference = '25-25641-01' AND body_key = 'sample:/oparl/bodies/1';
CREATE OR REPLACE VIEW funding_amounts AS
SELECT
    v.body_key,
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
-- Answers: how much money is named for each recipient per year, in each body?
-- Grain:   one row per (body_key, recipient, year, currency); amounts naming no recipient are
--          under recipient NULL. amount: sum of funding_amounts.yearly_amount (annual amounts
--          count once per year, see funding_amounts); annual_amount: the part stated as annual;
--          rows: funding rows; papers: distinct papers naming them.
-- Example: the ten largest recipients over all years
--   SELECT body_key, recipient, currency, sum(amount) AS amount FROM funding_by_recipient_year
--   WHERE recipient IS NOT NULL GROUP BY ALL ORDER BY amount DESC LIMIT 10;
CREATE OR REPLACE VIEW funding_by_recipient_year AS
SELECT
    body_key,
    recipient,
    year,
    currency,
    sum(yearly_amount) AS amount,
    coalesce(sum(yearly_amount) FILTER (WHERE period = 'annual'), 0) AS annual_amount,
    count(*) AS rows,
    count(DISTINCT paper_id) AS papers
FROM funding_amounts
GROUP BY ALL
ORDER BY body_key NULLS LAST, recipient NULLS LAST, year NULLS LAST, currency;


-- funding_by_department --------------------------------------------------------------------------
-- Answers: how much money do each department's papers name per year, in each body?
-- Grain:   one row per (body_key, lead_department, year, currency) of the paper naming the
--          amounts; amount, annual_amount, rows and papers as in funding_by_recipient_year.
-- Example: departments by amount in 2026
--   SELECT body_key, lead_department, amount FROM funding_by_department
--   WHERE year = 2026 AND currency = 'EUR' ORDER BY amount DESC;
CREATE OR REPLACE VIEW funding_by_department AS
SELECT
    body_key,
    lead_department,
    year,
    currency,
    sum(yearly_amount) AS amount,
    coalesce(sum(yearly_amount) FILTER (WHERE period = 'annual'), 0) AS annual_amount,
    count(*) AS rows,
    count(DISTINCT paper_id) AS papers
FROM funding_amounts
GROUP BY ALL
ORDER BY body_key NULLS LAST, lead_department NULLS LAST, year NULLS LAST, currency;
