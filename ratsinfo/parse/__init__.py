"""Parsing: raw pages and documents -> typed records (no I/O, no Dagster)."""

from ratsinfo.parse.allris import PageParseError, parse_paper_page
from ratsinfo.parse.dates import parse_date, parse_oparl_datetime
from ratsinfo.parse.references import parent_reference, related_references

__all__ = [
    "PageParseError",
    "parent_reference",
    "parse_date",
    "parse_oparl_datetime",
    "parse_paper_page",
    "related_references",
]
