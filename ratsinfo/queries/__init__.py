"""The pipeline's domain queries as SQL files, read with `ratsinfo.state.query(name)`."""
