# ruff: noqa: E501  (the HTML templates keep the long lines of the real ALLRIS markup)
"""Render the sample RIS as an ALLRIS 4 server would: the paper pages (HTML).

The paper page follows the shape of real ALLRIS net 4.x (Wicket) `vo020` pages: Grunddaten as
`div.row > dl > dt.colTitle / dd.colEntry3`, the Beratungsfolge as `table.bfTable` with a
committee row followed by its meeting rows, and each text section as `h2.expandedTitle` +
`div.docPart` with one `<p>` per paragraph (with the inline style clutter of Word exports).
The page's frame (head, menus, footer) comes from page_frame.py; OParl JSON from render_oparl.py.

Documents: the "Dokumente" panel links the Vorlage and the Sammeldokument (`a.doclink`) and the
page's text sections (anchors). Anlagen have a panel of their own ("Anlagen",
`aside#anlagenHeaderPanel`, `a.attlink`), and, as on real ALLRIS 4 servers, their links are
Wicket listener URLs of the page (`vo020?{page}--anlagenHeaderPanel-attachmentsList-{i}-
attachment-link&VOLFDNR=…`), not document addresses: the real server answers them within the
browser's session only; the sample's answers them without one. The documents' own addresses are
in OParl (auxiliaryFile). A paper whose text is in its PDF only (`pdf_only`) has no text
sections on its page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import count

from ratsinfo.model import Beratung
from sample_ris.model import SamplePaper
from sample_ris.page_frame import escape_attr as _a
from sample_ris.page_frame import escape_text as _e
from sample_ris.page_frame import page_footer, page_head, page_top

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_STATE_COLORS = {"Erledigt": "#FFFFFF", "Geplant": "#F0E68C", "Gestoppt": "#FF0000"}
_BOLD_LINES = ("Sachverhalt:", "Zu Frage", "Zu den Fragen:", "Beschluss:", "Begründung:")
_P_STYLES = (
    "margin-top:0pt; margin-bottom:0pt; font-size:11pt",
    "margin-top:0pt; margin-bottom:0pt; line-height:115%; font-size:11pt",
    "margin-top:0pt; margin-bottom:6pt; text-align:justify; font-size:11pt",
)


def format_date(d: dt.date, english: bool) -> str:
    """ALLRIS prints "07.05.2025", or "May 7, 2025" when it answers in English."""
    if english:
        return f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}"
    return d.strftime("%d.%m.%Y")


def _row(label: str, span_id: str, content: str, row_id: str | None) -> str:
    rid = f' id="{row_id}"' if row_id else ""
    return f"""<div class="row"{rid}>
<dl>
<dt class="colTitle">
<span class="label">
<a aria-describedby="{span_id}">{label}</a>
</span>
</dt>
<dd class="colEntry3">
{content}
</dd>
</dl>
</div>
"""


def _grunddaten(paper: SamplePaper, ids: Iterator[str]) -> str:
    v = paper.vorlage
    long = paper.long_labels
    out: list[str] = []

    def placeholder() -> None:
        out.append(f'<div id="{next(ids)}" hidden="" data-wicket-placeholder=""></div>\n')

    if v.subject is not None:
        out.append(
            _row(
                "Betreff:",
                "vobetreff",
                f'<span class="text1" id="vobetreff"><p>{_e(v.subject)}</p></span>',
                None,
            )
        )
    placeholder()
    placeholder()
    if v.status is not None:
        public, _, stat = v.status.partition(" (")
        content = f'<span class="text4" id="vostatus">{_e(public)}</span>'
        if stat:
            content += (
                f' <span class="text4" id="vostat">\n<a> ({_e(stat.rstrip(")"))})</a>\n</span>'
            )
        out.append(_row("Status:", "vostatus", content, next(ids)))
    placeholder()
    if v.paper_type is not None:
        out.append(
            _row(
                "Vorlageart:",
                "voart",
                f'<span class="text4" id="voart">{_e(v.paper_type)}</span>',
                next(ids),
            )
        )
    placeholder()
    placeholder()
    if v.lead_department is not None:
        label = "Federführende Organisationseinheit:" if long else "Federführend:"
        out.append(
            _row(
                label,
                "vofamt",
                f'<span class="text4" id="vofamt">{_e(v.lead_department)}</span>',
                next(ids),
            )
        )
    placeholder()
    if v.participating_departments:
        label = "Beteiligte Organisationseinheit:" if long else "Beteiligt:"
        joined = "; ".join(v.participating_departments)
        out.append(
            _row(label, "vobamt", f'<span class="text4" id="vobamt">{_e(joined)}</span>', next(ids))
        )
    placeholder()
    if v.responsible is not None:
        out.append(
            _row(
                "Verantwortlich:",
                "voverantw",
                f'<span class="text4" id="voverantw">{_e(v.responsible)}</span>',
                next(ids),
            )
        )
    for _ in range(3):
        placeholder()
    out.append(f'\n<div id="{next(ids)}" hidden="" data-wicket-placeholder=""></div>\n')
    return "".join(out)


def _documents(paper: SamplePaper, base: str, part_ids: list[str]) -> str:
    doc = f"{base}/public/doc?DOCTYP=130&amp;DOLFDNR="
    items = [
        f'<li>\n<a href="{doc}{paper.file_id}&amp;OTYP=41" target="_blank" '
        'data-simpletooltip-text="Öffnet PDF-Datei &#039;Vorlage&#039; in neuem Fenster" '
        'class="js-simple-tooltip doclink pdf">Vorlage</a>\n\n</li>',
        f'<li>\n<a href="{doc}{paper.file_id + 1}&amp;OTYP=41" target="_blank" '
        'data-simpletooltip-text="Öffnet PDF-Datei &#039;Sammeldokument öffentlich&#039; in '
        'neuem Fenster" class="js-simple-tooltip doclink pdf">Sammeldokument</a>\n\n</li>',
    ]
    for section, pid in zip(paper.sections, part_ids, strict=False):
        items.append(
            f'<li>\n<a href="#showHideLink_{pid}" class="doclink anchor">'
            f"{_e(section.title)}</a>\n</li>"
        )
    return f"""<div id="headRight">
<aside tabindex="-1" id="dokumenteHeaderPanel" data-jumplink="Zu Dokumente">
<div class="frameHeader">
<span>Dokumente</span>
</div>
<ul class="headRightInner roundedBorder">
{"".join(items)}
</ul>
</aside>

{_attachments(paper, base)}

<aside id="mapHeaderPanel" hidden="" data-wicket-placeholder=""></aside>
</div>
"""


def attachment_link(paper: SamplePaper, base: str, index: int) -> str:
    """The Wicket listener URL of the paper page's `index`-th Anlage (0-based), unescaped."""
    page_no = 1000 + paper.volfdnr % 900  # the page instance, as in page_frame.page_head
    return (
        f"{base.rstrip('/')}/public/vo020?{page_no}--anlagenHeaderPanel-attachmentsList-{index}"
        f"-attachment-link&VOLFDNR={paper.volfdnr}"
    )


def _attachments(paper: SamplePaper, base: str) -> str:
    """The "Anlagen" panel (empty when the paper has none)."""
    if not paper.attachments:
        return ""
    items = "".join(
        f'<li>\n<a href="{_a(attachment_link(paper, base, i))}" target="_blank" '
        f'data-simpletooltip-text="Öffnet PDF-Datei &#039;{_a(a.name)}&#039; in neuem Fenster" '
        f'class="js-simple-tooltip attlink pdf">{_e(a.name)}</a>\n\n</li>'
        for i, a in enumerate(paper.attachments)
    )
    return f"""<aside tabindex="-1" id="anlagenHeaderPanel" data-jumplink="Zu Anlagen">
<div class="frameHeader">
<span>Anlagen</span>
</div>
<ul class="headRightInner roundedBorder">
{items}
</ul>
</aside>"""


def _collapse(base: str, cid: str, title: str, ids: Iterator[str]) -> str:
    res = f"{base}/public/wicket/resource"
    return f"""<div class="expcol rs_skip rs_preserve">
<a href="#" id="showHideLink_{cid}" data-simpletooltip-text="{_a(title)} ausblenden" class="js-simple-tooltip"><img role="presentation" id="{next(ids)}" src="{res}/org.apache.wicket.Application/images/collapse-ver-C41D4AFF790B892FD71DE1FBA71538E6.svg" alt="Reduzieren"/></a><span hidden="" class="wicket-ajax-indicator" id="showHideLink_{cid}--ajax-indicator"><img src="{res}/org.apache.wicket.ajax.AbstractDefaultAjaxBehavior/indicator-ver-03CE3DCC84AF110E9DA8699A841E5200.gif" alt=""/></span>
</div>
<div id="{next(ids)}" hidden="" data-wicket-placeholder=""></div>
"""


def _td(content: str | None, cls: str | None = None) -> str:
    c = f' class="{cls}"' if cls else ""
    inner = content if content is not None else " "
    return f"<td{c}>\n<div>{inner}</div>\n</td>"


def _link(href: str, text: str, cls: str | None = None) -> str:
    c = f' class="{cls}"' if cls else ""
    return f'\n<a href="{_a(href)}"{c}>{_e(text)}</a>\n'


def _beratungsfolge(
    paper: SamplePaper, base: str, english: bool, bf_id: str, ids: Iterator[str]
) -> str:
    rows: list[str] = []
    groups: dict[int, list[Beratung]] = {}
    for b in paper.beratungsfolge:
        groups.setdefault(b.position, []).append(b)
    for group in groups.values():
        first = group[0]
        state = first.state or ""
        color = _STATE_COLORS.get(state, "#FFFFFF")
        status = (
            f'\n<span class="wfcolorDescIcon" data-iconcolor="{color}">●</span>\n'
            f'<span class="wfcolorDesc">{_e(state)}</span>\n'
        )
        rows.append(
            '<td class="colorCol">\n<div>'
            + status
            + "</div>\n</td>"
            + _td(None)
            + _td(_e(first.committee))
            + _td(_e(first.role or ""))
            + _td(None, "toLink")
        )
        for b in group:
            if b.meeting_position == 0:
                continue
            date = format_date(b.date, english) if b.date else None
            meeting = decision = na = None
            if b.meeting is not None:
                meeting = _link(base + b.meeting_url, b.meeting) if b.meeting_url else _e(b.meeting)
            if b.decision is not None:
                decision = (
                    _link(base + b.agenda_item_url, b.decision)
                    if b.agenda_item_url
                    else _e(b.decision)
                )
            if b.agenda_item_url is not None:
                na = _link(base + b.agenda_item_url, "NA", "objAnchor")
            rows.append(
                _td(None, "colorCol")
                + _td(date, "date")
                + _td(meeting)
                + _td(decision)
                + _td(na, "toLink")
            )
    body = "".join(
        f'<tr id="{next(ids)}" class="{"even" if i % 2 == 0 else "odd"}">\n{cells}\n</tr>'
        for i, cells in enumerate(rows)
    )
    heads = "".join(
        f'\n<th{cls} scope="col"><span>{name}</span></th>\n'
        for name, cls in (
            ("Status", ' class="colorCol"'),
            ("Datum", ""),
            ("Gremium", ""),
            ("Beschluss", ""),
            ("NA", ' class="toLink"'),
        )
    )
    return f"""<div id="{bf_id}">
<div class="compFull roundedBorder">
{_collapse(base, bf_id, "Beratungsfolge", ids)}<div id="{next(ids)}">
<h2 class="expandedTitle">Beratungsfolge</h2>
<div id="bfTable" class="tree-theme-human">
<table id="{next(ids)}" class="dataTable captionVisible stickyHeader bfTable nonStickyHeader">
<caption class="rs_skip">Beratungsfolge</caption>
<thead>

<tr class="headers">
{heads}
</tr>

</thead>
<tbody>
{body}

</tbody>

</table>
</div>

</div>
</div>
</div>
"""


def _paragraph_html(text: str, k: int) -> str:
    style = _P_STYLES[k % len(_P_STYLES)]
    if text.startswith(_BOLD_LINES) or (text.startswith("Zu ") and len(text) < 12):
        inner = f'<span style="font-family:Arial; font-weight:bold">{_e(text)}</span>'
    elif k % 5 == 3 and text.count(" ") > 8:  # a Word run boundary in mid-paragraph
        cut = text.index(" ", len(text) // 2) + 1
        inner = (
            f'<span style="font-family:Arial">{_e(text[:cut])}</span>'
            f'<span style="font-family:Arial; color:#000000">{_e(text[cut:])}</span>'
        )
    else:
        inner = f'<span style="font-family:Arial">{_e(text)}</span>'
    return f'\t\t\t<p style="{style}">\n\t\t\t\t{inner}\n\t\t\t</p>\n'


_SPACER = (
    '\t\t\t<p style="margin-top:0pt; margin-bottom:0pt; font-size:11pt">\n'
    '\t\t\t\t<span style="font-family:Arial">&#xa0;</span>\n\t\t\t</p>\n'
)


def _sections(paper: SamplePaper, base: str, part_ids: list[str], ids: Iterator[str]) -> str:
    spacers = paper.section_spec.spacers if paper.section_spec else False
    out: list[str] = []
    for n, (section, pid) in enumerate(zip(paper.sections, part_ids, strict=False)):
        paras: list[str] = []
        for k, text in enumerate(section.text.split("\n")):
            if k and spacers:
                paras.append(_SPACER)
            paras.append(_paragraph_html(text, k + n))
        out.append(f"""<div id="{pid}">
<div class="compFull roundedBorder" >
{_collapse(base, pid, section.title, ids)}<div id="{next(ids)}">
<h2 class="expandedTitle">{_e(section.title)}</h2>
<div id="htm{paper.file_id * 10 + n + 3}" style="font-family:&#039;Times New Roman&#039;; font-size:12pt;" class="docPart readOnly">
\t\t<div>
{"".join(paras)}\t\t</div>
\t</div>
</div>
</div>
</div>
""")
    return "".join(out)


def render_paper_page(paper: SamplePaper, base_url: str, english: bool | None = None) -> str:
    """The ALLRIS 4 `vo020` page of `paper`, with links under `base_url`.

    `english`: Beratungsfolge dates as "May 7, 2025" (server answering in English); None means
    the paper's own `english_dates`.
    """
    base = base_url.rstrip("/")
    en = paper.english_dates if english is None else english
    ids = (f"id{n:x}" for n in count(0x10000 + (paper.volfdnr * 37) % 0xE0000))
    bf_id = next(ids)
    sections = paper.sections
    part_ids = [next(ids) for _ in sections]
    title_id, alert_id = next(ids), next(ids)
    head = page_head(paper, base, ids, bf_id, part_ids)
    top = page_top(paper, base, ids)
    title = f"{paper.vorlage.paper_type or 'Vorlage'} - {paper.reference}"
    bf = _beratungsfolge(paper, base, en, bf_id, ids) if paper.beratungsfolge else ""
    texts = _sections(paper, base, part_ids, ids)
    loading = next(ids)
    return f"""{head}{top}<main id="pageContent" tabindex="-1" aria-label="Seiteninhalt" data-jumplink="Zum Inhalt">
<div id="readOut">
<div id="{title_id}">
<div class="header">
<h1 class="title">{_e(title)}</h1>

</div>
</div>



<div id="head">

<span id="{alert_id}" role="alert" aria-relevant="additions removals" aria-atomic="true">

</span>
<div id="headLeft">
<div class="frameHeader">
<h2>Grunddaten</h2>
</div>
<div class="headLeftInner roundedBorder">
{_grunddaten(paper, ids)}</div>
</div>
{_documents(paper, base, part_ids)}</div>
<div class="clear"></div>
<div id="mainContent">
{bf}{texts}

<div id="{loading}"><div><img alt="Loading..." src="{base}/public/wicket/resource/org.apache.wicket.ajax.AbstractDefaultAjaxBehavior/indicator-ver-03CE3DCC84AF110E9DA8699A841E5200.gif"/></div></div>

<div id="{next(ids)}" hidden="" data-wicket-placeholder=""></div>
</div>

</div>
{page_footer(base, ids)}"""


def render_not_found(base_url: str) -> str:
    """ALLRIS's page for an unknown id (served with status 404)."""
    return (
        '<!DOCTYPE html>\n<html lang="de">\n<head><meta charset="utf-8"/>'
        '<title>ALLRIS - Fehler</title></head>\n<body>\n<div id="allris">\n'
        '<main id="pageContent"><h1 class="title">Fehler</h1>\n'
        "<p>Das angeforderte Objekt wurde nicht gefunden.</p>\n"
        f'<p><a href="{_a(base_url.rstrip("/"))}/public/">zur Startseite</a></p></main>\n'
        "</div>\n</body>\n</html>"
    )
