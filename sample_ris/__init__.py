"""The bundled sample council information system (the council "sample" of the registry)."""
