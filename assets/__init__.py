"""Dagster assets: thin glue that calls the ratsinfo core and writes the warehouse."""
