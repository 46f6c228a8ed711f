"""One module per task family; each defines ``FAMILY = Family(...)`` named like the module (see ``..core``)."""
