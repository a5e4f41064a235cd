# ruff: noqa: E501  (the HTML templates keep the long lines of the real ALLRIS markup)
"""Render the sample RIS as an ALLRIS 4 server would: paper pages (HTML) and OParl 1.1 JSON.

The paper page follows the shape of real ALLRIS net 4.x (Wicket) `vo020` pages: Grunddaten as
`div.row > dl > dt.colTitle / dd.colEntry3`, the Beratungsfolge as `table.bfTable` with a
committee row followed by its meeting rows, and each text section as `h2.expandedTitle` +
`div.docPart` with one `<p>` per paragraph (with the inline style clutter of Word exports).
OParl objects follow Braunschweig's ALLRIS 4 OParl output, including the placeholder timestamps
"2000-01-01T00:00:00+01:00" and (in the Body's legislative terms) the broken "+01::00" offsets.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator, Sequence
from html import escape
from itertools import count
from typing import Any, TypeVar

from ratsinfo.model import Beratung
from ratsinfo.sample.model import GREMIUM, Meeting, Organization, SamplePaper, SampleRIS

OPARL = "https://schema.oparl.org/1.1/"
PLACEHOLDER_TIME = "2000-01-01T00:00:00+01:00"
PAGE_SIZE = 10  # ALLRIS 4 ignores `limit`: every list page holds 10 objects
ALLRIS_VERSION = "ALLRIS net Version 4.1.7 (4170041) - 08.07.2025"
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_STATE_COLORS = {"Erledigt": "#FFFFFF", "Geplant": "#F0E68C", "Gestoppt": "#FF0000"}
_BOLD_LINES = ("Sachverhalt:", "Zu Frage", "Zu den Fragen:", "Beschluss:", "Begründung:")
_P_STYLES = (
    "margin-top:0pt; margin-bottom:0pt; font-size:11pt",
    "margin-top:0pt; margin-bottom:0pt; line-height:115%; font-size:11pt",
    "margin-top:0pt; margin-bottom:6pt; text-align:justify; font-size:11pt",
)
T = TypeVar("T")


def _e(text: str) -> str:
    """Escape a text node (& < >)."""
    return escape(text, quote=False)


def _a(text: str) -> str:
    """Escape an attribute value."""
    return escape(text, quote=True)


def format_date(d: dt.date, english: bool) -> str:
    """ALLRIS prints "07.05.2025", or "May 7, 2025" when it answers in English."""
    if english:
        return f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}"
    return d.strftime("%d.%m.%Y")


# --------------------------------------------------------------------------------------------
# HTML


def _head(
    paper: SamplePaper, base: str, ids: Iterator[str], bf_id: str, part_ids: list[str]
) -> str:
    res = f"{base}/public/wicket/resource"
    v = paper.volfdnr
    page_no = 1000 + v % 900
    ajax = "".join(
        f'Wicket.Ajax.ajax({{"u":"{base}/public/vo020?{page_no}-1.0-{name}-showHideLink&amp;'
        f'VOLFDNR={v}&amp;refresh=false","c":"showHideLink_{cid}","i":"showHideLink_{cid}'
        f'--ajax-indicator","e":"click","pd":true}});;\n'
        for name, cid in [("beratungen", bf_id)]
        + [(f"teildocuments-{i}", pid) for i, pid in enumerate(part_ids, 2)]
    ).replace("&amp;", "&")
    menu_id, search_id, timer_id = next(ids), next(ids), next(ids)
    return f"""
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="de">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1" />
<script type="text/javascript" src="{res}/org.apache.wicket.resource.JQueryResourceReference/jquery/jquery-3.7.1-ver-962A4A135B116C30221466C5E4F0E7A1.js"></script>
<script type="text/javascript" src="{res}/org.apache.wicket.ajax.AbstractDefaultAjaxBehavior/res/js/wicket-ajax-jquery-ver-C887AA843619090BF01E0673D9DBA2B9.js"></script>
<script type="text/javascript">
/*<![CDATA[*/
Wicket.Event.add(window, "domready", function(event) {{ Wicket.trapFocus('cookieDialog', 'current-focus-trap');;}});
/*]]>*/
</script>
<meta name="description" content="{ALLRIS_VERSION}" /><script type="text/javascript" id="wicket-ajax-base-url">
/*<![CDATA[*/
Wicket.Ajax.baseUrl="vo020?VOLFDNR={v}&amp;refresh=false";
/*]]>*/
</script>
<link rel="stylesheet" type="text/css" href="{res}/org.apache.wicket.extensions.markup.html.repeater.tree.theme.WindowsTheme/human/theme-ver-BF534FBE4B4DAA99AF58E6E019C7CA95.css" />
<link rel="stylesheet" type="text/css" href="{res}/de.allris.net.page.BasePage/css/theme-ver-5D1C2FDCE4D04FBFD711B1DD86E43067.css" />
<script type="text/javascript" src="{res}/de.allris.net.page.BasePage/javascript/jquery-accessibleMegaMenu-ver-A431D6589E9AEE162F34491F9F03368E.js"></script>
<script type="text/javascript" src="{res}/de.allris.net.page.BasePage/javascript/trap-focus-ver-852C01829C22027761D847A339DAFDDD.js"></script>
<link rel="stylesheet" type="text/css" href="{res}/de.allris.net.page.BasePage/css/styles-ver-E54D4A30BC9EAE848E5162425E977086.css" />
<script type="text/javascript" src="{res}/de.allris.net.page.BasePage/javascript/allrisnet-ver-22A295D93E8613F29672C17282770DA0.js"></script>
<script type="text/javascript">
/*<![CDATA[*/
Wicket.Event.add(window, "domready", function(event) {{
{ajax}Wicket.Event.add('searchform', 'keypress', function(event) {{ if (event.target.tagName.toLowerCase() !== 'input' || event.which != 13) return;var b = document.getElementById('submitSearchButton');if (window.getComputedStyle(b).visibility === 'hidden') return;event.stopPropagation();event.preventDefault();if (b != null && b.onclick != null && typeof (b.onclick) != 'undefined') {{var r = Wicket.bind(b.onclick, b)();if (r != false) b.click();}} else {{b.click();}}return false;;}});;
$('#searchform').find('input').on('keydown', function(e) {{
if (e.key === 'Enter' || e.keyCode === 13) {{
\t\te.preventDefault();
\t\te.stopPropagation();
}}
}});
;
\t$(document).ready(function() {{
\t\tvar elem = $('#{search_id}').find('.searchfield');
\t\t$(elem).on('focusin', function() {{
\t\t\t$('<div id="searchMask"><\\/div>').insertAfter($('#search'));
\t\t\t$('#search').addClass('active');
 \t\t}})
 \t\t.on('focusout', function(event) {{
\t\t\t\t$('#searchMask').remove();
\t\t\t\t$('#search').removeClass('active');
 \t\t}})
 \t\t.on('keydown', function(event) {{
\t\t\tif (event.keyCode === 13){{
\t\t\t\t$('#submitSearchButton').click();
\t\t\t}}
\t\t}});
\t\t$('body').on('keydown', function(event) {{
\t\t\tif (event.keyCode === 27){{
\t\t\t\t$('#searchMask').remove();
\t\t\t\t$('#search').removeClass('active');
\t\t\t}}
\t\t}});
\t}});
;
Wicket.Ajax.ajax({{"u":"{base}/public/vo020?{page_no}-1.1-menu-linkGroup-1-linkGroupLink&VOLFDNR={v}&refresh=false","c":"{menu_id}","e":"click","pd":true}});;
$('.menubar, .iconbar').accessibleMegaMenu({{
        /* prefix for generated unique id attributes, which are required
           to indicate aria-owns, aria-controls and aria-labelledby */
        uuidPrefix: 'accessible-megamenu',
        /* css class used to define the megamenu styling */
        menuClass: 'nav-menu',
        /* css class for a top-level navigation item in the megamenu */
        topNavItemClass: 'nav-item',
        /* css class for a megamenu panel */
        panelClass: 'sub-nav',
        /* css class for a group of items within a megamenu panel */
        panelGroupClass: 'sub-nav-group',
        /* css class for the hover state */
        hoverClass: 'hover',
        /* css class for the focus state */
        focusClass: 'focus',
        /* css class for the open state */
        openClass: 'open'
    }}); ;
\t$(document).ready(function() {{
\t\tvar elem = $('#cookieDialog');
\t\tvar showCookieMsg = getCookie('allris-cookie-msg');
\t\t$(elem).hide();
\t\tif (showCookieMsg === false) {{
\t\t\t$('<div id="pasteMask"><\\/div>').insertAfter($(elem));
\t\t\t$(elem).show();
        \tif (typeof  Wicket.trapFocus === 'function') {{
            \tWicket.trapFocus('cookieDialog', 'current-focus-trap');
        \t}} \t\t}} else $(elem).trigger('trapfocusremove');
 \t\t$('#cookieMessageBtn').click(function() {{
\t\t\tsetCookie('allris-cookie-msg', 1, 365);
\t\t\t$(elem).trigger('trapfocusremove');
\t\t\t$(elem).remove();
\t\t\t$('#pasteMask').remove();
\t\t}});
\t}});
;
document.getElementById('allris').setAttribute('class', 'vo020 normal');
Wicket.Event.publish(Wicket.Event.Topic.AJAX_HANDLERS_BOUND);
;}});
/*]]>*/
</script>
<script type="text/javascript">
/*<![CDATA[*/
Wicket.Event.add(window, "load", function(event) {{
Wicket.Timer.set('{timer_id}.0', function(){{Wicket.Ajax.ajax({{"u":"{base}/public/vo020?{page_no}-1.0-&VOLFDNR={v}&refresh=false"}});}}, 1000);;
;}});
/*]]>*/
</script>
<meta name="wicket.header.items"/>
<title>ALLRIS - Vorlage</title>
<link rel="icon" href="{base}/public/favicon.ico" type="image/x-icon"/>
<link rel="shortcut icon" href="{base}/public/favicon.ico" type="image/x-icon"/>
</head>
"""


_MENU = (
    ("Ratsinfo", (("na010", "Nachrichten"), ("feeds", "Feeds"), ("app", "App"))),
    (
        "Organisation",
        (
            ("gr010?menu=Rat", "Rat"),
            ("gr010?menu=Aussch%25C3%25BCsse", "Ausschüsse"),
            ("gr010?menu=Stadtbezirksr%25C3%25A4te", "Stadtbezirksräte"),
            ("gr010?menu=Fraktionen", "Fraktionen und Gruppen"),
            ("at010", "Organisationseinheiten"),
        ),
    ),
    ("Sitzungen", (("si010", "Kalender"), ("si018", "Übersicht"))),
    ("Vorlagen", (("vo040", "Übersicht"),)),
    ("Recherche", (("kp040", "Person"), ("tr010", "Volltext"))),
)


def _body_top(paper: SamplePaper, base: str, ids: Iterator[str]) -> str:
    v = paper.volfdnr
    pub = f"{base}/public"
    menu = "".join(
        f'<li class="nav-item" role="none">\n<a class="parent" href="#" role="menuitem">{title}'
        '</a>\n<div class="sub-nav">\n<ul class="sub-nav-group" role="menu">\n'
        + "".join(
            f'<li role="none"><a href="{pub}/{href}" role="menuitem">{label}</a></li>'
            for href, label in links
        )
        + "\n</ul>\n</div>\n</li>"
        for title, links in _MENU
    )
    title = f"{paper.vorlage.paper_type or 'Vorlage'} - {paper.reference}"
    mail = (
        f"mailto:?subject={title.replace(' ', '%20')}&amp;body=%0A%0ALink%20zum%20"
        f"Ratsinformationssystem%3A%0D%0A{pub}%2Fvo020%3FVOLFDNR%3D{v}"
    )
    top_id, d1, d2, wv_id, mail_id = next(ids), next(ids), next(ids), next(ids), next(ids)
    return f"""<body>
<div id="allris">
<div id="cookieDialog" class="cookie-message" role="dialog">
<h2 id="cookieConsent">Diese Seite verwendet nur Cookies, die für den technischen Betrieb notwendig sind.</h2>
<div id="datenschutzURL"><a target="_blank" title="zur Datenschutzerklärung" href="https://www.braunschweig.de/datenschutz">Mehr dazu in unserer Datenschutzerkl&auml;rung.</a></div>
<button type="button" id="cookieMessageBtn" title="Cookie Hinweis ausblenden">OK</button>
</div>
<ul id="skipLinks"></ul>


<div id="{d1}" class="dialog-theme-default">

</div>
<div id="{d2}" class="dialog-theme-default">

</div>
<div id="{top_id}">
<div id="top">
<a id="logo" target="_blank" title="zur Homepage" class="js-simple-tooltip" tabindex="-1" href="https://www.braunschweig.de/"></a>

<button type="button" id="menuZeigen" aria-label="Menü zeigen"></button>
<button type="button" id="menuVerbergen" aria-label="Menü verbergen"></button>
<div id="search">
<form id="searchform" method="post" action="{pub}/vo020?1196-1.-head-searchform&amp;VOLFDNR={v}&amp;refresh=false" aria-label="Suchen"><input type="hidden" name="sectoken" value="{(v * 2654435761) % (1 << 64):016x}{v % 65536:04x}" /><div id="searchform_hf_0" hidden="" class="hidden-fields"></div>
<input type="search" class="searchtext searchfield" value="" name="searchfield" id="searchfield" placeholder="Suchen" aria-labelledby="submitSearchButton"/>
<button type="submit" class="searchsubmit" name="p::submit" id="submitSearchButton">Suchen</button>
</form>
</div>
</div>
</div>
<div>
<div id="navigation">
<nav id="navMenu" class="menubar" tabindex="-1" aria-label="Menüleiste" data-jumplink="Zum Menü">
<ul class="nav-menu" role="menubar">
{menu}
</ul>
</nav>
<nav id="navIcon" class="iconbar" tabindex="-1" aria-label="Symbolleiste" data-jumplink="Zum Symbolmenü">
<ul class="nav-menu" role="menubar">
<li role="none"><a href="{pub}/vo020?1196-1.-menu-linkGroup-0-linkGroupLink&amp;VOLFDNR={v}&amp;refresh=false" role="menuitem" aria-label="Neu laden"><img src="{pub}/images/available_updatesWhite.svg" alt="Neu laden" role="presentation"/><span class="iconSubtitle">Neu laden</span></a></li><li role="none"><a href="#" role="menuitem" id="{wv_id}" class="termin" aria-label="Wiedervorlage"><img src="{pub}/images/calendar_outlineWhite.svg" alt="Wiedervorlage" role="presentation"/><span class="iconSubtitle">Wiedervorlage</span></a></li><li role="none"><a href="{_a(mail)}" role="menuitem" id="{mail_id}" aria-label="Seite versenden"><img src="{pub}/images/message_outlineWhite.svg" alt="Seite versenden" role="presentation"/><span class="iconSubtitle">Seite versenden</span></a></li>

<li id="more" class="nav-item" role="none">
<a id="mehr" class="parent" href="#" role="menuitem">mehr</a>
<div class="sub-nav">
<ul class="sub-nav-group" role="menu">
<li role="none"><a href="{pub}/vo020?VOLFDNR={v}&amp;refresh=false&amp;VOLFDNR={v}&amp;selfaction=print" role="menuitem" target="_blank"><img src="{pub}/images/printerWhite.svg" alt=""/><span>Drucken</span></a></li><li role="none"><a href="{pub}/selcol" role="menuitem"><img src="{pub}/images/monitor.svg" alt=""/><span>Anzeigeschema</span></a></li>
</ul>
</div>
</li>


</ul>
</nav>
</div>
</div>
<div>
<div id="subnavi">
<nav id="path" tabindex="-1" aria-label="Sie sind hier" data-jumplink="Zur Brotkrumennavigation">
<ul>
<li>Sie sind hier:<strong><span><span class="wicketExtensionsBreadCrumbBar"><span class="wicketExtensionsBreadCrumbBarCrumb"><span><span></span><a class="disable" aria-current="page">Vorlage</a></span></span></span></span></strong> </li>
</ul>
</nav>

</div>
</div>
"""


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



<aside id="mapHeaderPanel" hidden="" data-wicket-placeholder=""></aside>
</div>
"""


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


def _footer(base: str, ids: Iterator[str]) -> str:
    links = (
        ("zur Datenschutzerklärung", "https://www.braunschweig.de/datenschutz", "Datenschutz"),
        ("zum Impressum", "https://www.braunschweig.de/impressum", "Impressum"),
        ("zu Kontakt", "http://www.cc-egov.de/kontakt", "Kontakt"),
    )
    spans = '\n\n<span class="paging_separator">|</span>\n\n'.join(
        f'<span><a target="_blank" title="{t}" class="js-simple-tooltip" href="{h}">{x}</a></span>'
        for t, h, x in links
    )
    return f"""<aside tabindex="-1" aria-label="Legende" id="legende" data-jumplink="Zur Legende">
<span id="legendeTitle" tabindex="0">Legende</span>
<div id="legendeList">
<dl id="{next(ids)}">

<dt><span class="objAnchor">NA</span></dt>
<dd>TOP</dd>

<dt><img src="{base}/public/images/webclient/checked_checkbox_black.svg" alt="Dokument auswählen" class="icon"/></dt>
<dd>Dokument auswählen</dd>

</dl>
</div>
</aside>
</main>
<div>
<div id="footer">

{spans}

</div>
</div>
<span class="simpletooltip_container nachoben">
<button type="button" id="backToTop" class="js-simple-tooltip" title="nach oben"></button>
</span>
</div>
</body>
</html>"""


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
    head = _head(paper, base, ids, bf_id, part_ids)
    top = _body_top(paper, base, ids)
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
{_footer(base, ids)}"""


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


# --------------------------------------------------------------------------------------------
# OParl JSON


def _ascii(text: str) -> str:
    for a, b in (
        ("ä", "ae"),
        ("ö", "oe"),
        ("ü", "ue"),
        ("Ä", "Ae"),
        ("Ö", "Oe"),
        ("Ü", "Ue"),
        ("ß", "ss"),
    ):
        text = text.replace(a, b)
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c in " -"))


def org_url(base: str, kind: str, id: int) -> str:
    return f"{base.rstrip('/')}/oparl/organizations/{kind}/{id}"


def paper_url(base: str, volfdnr: int) -> str:
    return f"{base.rstrip('/')}/oparl/papers/{volfdnr}"


def web_url(base: str, volfdnr: int) -> str:
    """The paper page as OParl `web` names it; the case of "VO020" varies like on real servers."""
    page = "VO020" if volfdnr % 2 else "vo020"
    return f"{base.rstrip('/')}/public/{page}?VOLFDNR={volfdnr}"


def render_paper_json(paper: SamplePaper, base_url: str) -> dict[str, Any]:
    """The OParl 1.1 Paper object, shaped like Braunschweig's ALLRIS 4 output.

    A deleted paper keeps only id, type, body, created, modified and `"deleted": true`.
    """
    base = base_url.rstrip("/")
    if paper.deleted:
        return {
            "id": paper_url(base, paper.volfdnr),
            "type": OPARL + "Paper",
            "body": f"{base}/oparl/bodies/1",
            "created": PLACEHOLDER_TIME,
            "modified": PLACEHOLDER_TIME,
            "deleted": True,
        }
    v = paper.vorlage
    created = paper.date - dt.timedelta(days=3 + paper.volfdnr % 20)
    obj: dict[str, Any] = {
        "id": paper_url(base, paper.volfdnr),
        "type": OPARL + "Paper",
        "body": f"{base}/oparl/bodies/1",
        "name": v.subject,
        "reference": v.reference,
        "date": paper.date.isoformat(),
        "paperType": v.paper_type,
        "mainFile": {
            "id": f"{base}/oparl/files/{paper.file_id + 1}",
            "type": OPARL + "File",
            "name": "Sammeldokument öffentlich",
            "fileName": f"{created.isoformat()} {v.reference} "
            f"{_ascii(v.subject or '')[:20].rstrip()} SAO.pdf",
            "mimeType": "pdf",
            "size": 40_000 + (paper.volfdnr * 7919) % 9_000_000,
            "accessUrl": f"{base}/public/doc?DOCTYP=130&DOLFDNR={paper.file_id + 1}&OTYP=41",
            "created": PLACEHOLDER_TIME,
            "modified": PLACEHOLDER_TIME,
            "deleted": False,
        },
    }
    if paper.lead_organization is not None:
        obj["underDirectionOf"] = [org_url(base, *paper.lead_organization)]
    consultations = []
    seen: set[int] = set()
    for b in paper.beratungsfolge:
        if b.position in seen or b.position > len(paper.committee_ids):
            continue
        seen.add(b.position)
        consultations.append(
            {
                "id": f"{base}/oparl/consultations/{paper.volfdnr * 100 + b.position}",
                "type": OPARL + "Consultation",
                "organization": [org_url(base, GREMIUM, paper.committee_ids[b.position - 1])],
                "authoritative": b.role == "Entscheidung",
                "role": b.role,
                "created": PLACEHOLDER_TIME,
                "modified": PLACEHOLDER_TIME,
                "deleted": False,
            }
        )
    if consultations:
        obj["consultation"] = consultations
    for key, ids in (
        ("superordinatedPaper", paper.superordinated),
        ("subordinatedPaper", paper.subordinated),
        ("relatedPaper", paper.related),
    ):
        if ids:
            obj[key] = [paper_url(base, i) for i in ids]
    obj["created"] = PLACEHOLDER_TIME
    obj["modified"] = PLACEHOLDER_TIME
    obj["web"] = web_url(base, paper.volfdnr)
    obj["deleted"] = False
    return obj


def render_system(ris: SampleRIS, base_url: str) -> dict[str, Any]:
    base = base_url.rstrip("/")
    return {
        "id": f"{base}/oparl/system",
        "type": OPARL + "System",
        "oparlVersion": OPARL,
        "body": f"{base}/oparl/bodies",
        "name": f"ALLRIS net OParl-Schnittstelle - {ris.body_name}",
        "website": f"{base}/public/",
        "vendor": "https://www.cc-egov.de/",
        "product": "https://www.cc-egov.de/allris-4/",
        "created": PLACEHOLDER_TIME,
        "modified": PLACEHOLDER_TIME,
        "deleted": False,
    }


_TERMS = (
    ("2011-11-01", "2016-10-31"),
    ("2016-11-01", "2021-10-31"),
    ("2021-11-01", "2026-10-31"),
    ("2026-11-01", "2031-10-31"),
)
_BROKEN = "T00:00:00+01::00"  # Bonn's ALLRIS 4 writes offsets like this


def render_body(ris: SampleRIS, base_url: str) -> dict[str, Any]:
    """The Body, with the vendor's malformed "+01::00" offsets in its legislative terms."""
    base = base_url.rstrip("/")
    body = f"{base}/oparl/bodies/1"
    terms = [
        {
            "id": f"{base}/oparl/legislativeTerms/1_{i}",
            "type": OPARL + "LegislativeTerm",
            "body": body,
            "name": f"Wahlperiode {start[:4]} - {end[:4]}",
            "startDate": start + _BROKEN,
            "endDate": end + _BROKEN,
            "created": "2019-12-16T11:21:11+01::00",
            "modified": "2019-12-16T11:21:11+01::00",
            "deleted": False,
        }
        for i, (start, end) in enumerate(_TERMS, 1)
    ]
    return {
        "id": body,
        "type": OPARL + "Body",
        "system": f"{base}/oparl/system",
        "shortName": ris.body_short_name,
        "name": ris.body_name,
        "website": ris.website,
        "organization": f"{base}/oparl/organizations?body=1",
        "person": f"{base}/oparl/persons?body=1",
        "meeting": f"{base}/oparl/meetings?body=1",
        "paper": f"{base}/oparl/papers?body=1",
        "legislativeTerm": terms,
        "agendaItem": f"{base}/oparl/agendaItems?body=1",
        "consultation": f"{base}/oparl/consultations?body=1",
        "file": f"{base}/oparl/files?body=1",
        "locationList": f"{base}/oparl/locations?body=1",
        "legislativeTermList": f"{base}/oparl/legislativeTerms?body=1",
        "membership": f"{base}/oparl/memberships?body=1",
        "web": f"{base}/public/",
        "created": "2019-12-15T05:01:23+01::00",
        "modified": "2019-12-15T05:01:23+01::00",
        "deleted": False,
    }


def render_organization(org: Organization, base_url: str) -> dict[str, Any]:
    base = base_url.rstrip("/")
    page = "gr020?GRLFDNR" if org.kind == GREMIUM else "at020?ATLFDNR"
    obj: dict[str, Any] = {
        "id": org_url(base, org.kind, org.id),
        "type": OPARL + "Organization",
        "body": f"{base}/oparl/bodies/1",
        "name": org.name,
        "shortName": org.short_name,
        "organizationType": "Gremium" if org.kind == GREMIUM else "Organisationseinheit",
        "classification": org.classification,
        "web": f"{base}/public/{page}={org.id}",
        "created": PLACEHOLDER_TIME,
        "modified": PLACEHOLDER_TIME,
        "deleted": False,
    }
    return obj


def _offset(d: dt.date) -> str:
    """+02:00 in German summer time (last Sunday of March to last Sunday of October)."""

    def last_sunday(month: int) -> dt.date:
        last = dt.date(d.year, month, 31)
        return last - dt.timedelta(days=(last.weekday() + 1) % 7)

    return "+02:00" if last_sunday(3) <= d < last_sunday(10) else "+01:00"


def render_meeting(meeting: Meeting, base_url: str) -> dict[str, Any]:
    base = base_url.rstrip("/")
    off = _offset(meeting.date)
    day = meeting.date.isoformat()
    return {
        "id": f"{base}/oparl/meetings/{meeting.id}",
        "type": OPARL + "Meeting",
        "name": meeting.name,
        "start": f"{day}T{meeting.hour:02d}:00:00{off}",
        "end": f"{day}T{meeting.hour + 3:02d}:00:00{off}",
        "organization": [org_url(base, GREMIUM, meeting.organization_id)],
        "web": f"{base}/public/to010?SILFDNR={meeting.id}",
        "created": PLACEHOLDER_TIME,
        "modified": PLACEHOLDER_TIME,
        "deleted": False,
    }


def total_pages(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, math.ceil(total / size))


def render_list(
    items: Sequence[T],
    page: int,
    list_url: str,
    render: Callable[[T], dict[str, Any]],
    size: int = PAGE_SIZE,
) -> dict[str, Any]:
    """One page of an OParl list; `list_url` is e.g. "{base}/oparl/papers?body=1"."""
    pages = total_pages(len(items), size)
    chunk = items[(page - 1) * size : page * size] if page >= 1 else []
    links = {"first": f"{list_url}&page=1"}
    if 1 < page <= pages + 1:
        links["prev"] = f"{list_url}&page={page - 1}"
    links["self"] = f"{list_url}&page={page}"
    if 1 <= page < pages:
        links["next"] = f"{list_url}&page={page + 1}"
    links["last"] = f"{list_url}&page={pages}"
    return {
        "data": [render(item) for item in chunk],
        "pagination": {
            "totalElements": len(items),
            "elementsPerPage": size,
            "currentPage": page,
            "totalPages": pages,
        },
        "links": links,
    }
