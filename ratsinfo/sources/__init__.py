"""Sources: polite HTTP, the OParl API, ALLRIS pages, and the configured council systems."""
