"""The portal page: a static, self-contained index.html for the publish directory.

It lists the downloads (every file of manifest.json with format, size, rows and sha256, plus the
metadata files present) and shows charts of council activity drawn from the analytics views of
warehouse/views.sql: papers per month by type, time to answer council questions by department,
consultations per committee, and the money named per recipient. Charts are inline SVG drawn
here; the page loads nothing else (no scripts, fonts, styles or images from anywhere), every
chart is a <figure> with a caption, an SVG with role="img", <title> and aria-label, and the data
behind it as a <table>.

The header names the council (the OParl Body), the day the data were fetched (the newest crawl in
`crawl_runs`, as a date in Germany) and the date range of the papers, which may reach into the
future and is never shown as the update time; the licence with its link and the attribution text
it requires stand above the downloads and in the footer (the same facts as the DCAT metadata).
Only http(s) URLs become links to other sites; the page loads nothing from them.

The page works on a phone (390 px) as on a desktop: the charts are as wide as the screen with
text at its CSS size (no scaled viewBox), the downloads table turns into one card per table, the
checksums show 12 hex digits with the full value one tap away, and wide data tables scroll in
their own box. The output depends only on the warehouse and the publish directory (no wall clock;
the fetch day comes from the warehouse), so two runs over the same data on the same day write
the same bytes; the file is written to a temporary name and renamed into place.

Modules: formatting (German text, escaping), queries (what the page reads), charts (the SVG),
figures (chart, caption, legend and data table), layout (the page; its style sheet portal.css
is a package resource).
"""

from __future__ import annotations

from ratsinfo.portal.page.layout import PAGE_NAME, build_portal_page, render_page

__all__ = ["PAGE_NAME", "build_portal_page", "render_page"]
