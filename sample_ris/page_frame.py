# ruff: noqa: E501  (the HTML templates keep the long lines of the real ALLRIS markup)
"""The frame of an ALLRIS 4 `vo020` page around the paper's content: the head with its Wicket
scripts, the cookie dialog, top bar and menus, the legend and the footer. Static markup but for
the paper's id, title and the server's base URL (see render_html.py for the content).
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from sample_ris.model import SamplePaper

ALLRIS_VERSION = "ALLRIS net Version 4.1.7 (4170041) - 08.07.2025"


def escape_text(text: str) -> str:
    """Escape a text node (& < >)."""
    return escape(text, quote=False)


def escape_attr(text: str) -> str:
    """Escape an attribute value."""
    return escape(text, quote=True)


def page_head(
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


def page_top(paper: SamplePaper, base: str, ids: Iterator[str]) -> str:
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
<li role="none"><a href="{pub}/vo020?1196-1.-menu-linkGroup-0-linkGroupLink&amp;VOLFDNR={v}&amp;refresh=false" role="menuitem" aria-label="Neu laden"><img src="{pub}/images/available_updatesWhite.svg" alt="Neu laden" role="presentation"/><span class="iconSubtitle">Neu laden</span></a></li><li role="none"><a href="#" role="menuitem" id="{wv_id}" class="termin" aria-label="Wiedervorlage"><img src="{pub}/images/calendar_outlineWhite.svg" alt="Wiedervorlage" role="presentation"/><span class="iconSubtitle">Wiedervorlage</span></a></li><li role="none"><a href="{escape_attr(mail)}" role="menuitem" id="{mail_id}" aria-label="Seite versenden"><img src="{pub}/images/message_outlineWhite.svg" alt="Seite versenden" role="presentation"/><span class="iconSubtitle">Seite versenden</span></a></li>

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


def page_footer(base: str, ids: Iterator[str]) -> str:
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
