"""ratsinfo: an open-data warehouse for German council information systems (RIS)."""

__version__ = "0.1.0"
