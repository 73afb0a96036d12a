"""What the police data pages show: the store's status, the organisation's measure mapping, the
hotspot tables and the figures a performance officer records from the data, built as
``core.tables.Table`` so that every table downloads as CSV.

Store reads go through ``selectors.open_store`` (the views open it once a request) and the
``stats`` and ``compare`` functions the command line uses, so a page and ``civicplan opendata
hotspots`` cannot disagree. Whatever goes wrong with the store is a sentence, never an error page.
"""
