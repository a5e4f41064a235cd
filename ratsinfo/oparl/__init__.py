"""OParl 1.0/1.1: the client that walks a System, its Bodies and their lists, and the checks
every object passes where it comes in."""
