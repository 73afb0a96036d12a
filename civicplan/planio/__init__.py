"""Whole-plan work: the plan in and out as one document.

The importer (plan text or Word → Plan JSON with findings), ``plan_apply`` (Plan JSON → the
database, one transaction), Plan JSON export and its schema, the diff of two exports, the
document as text, Word, Excel and CSV, the roll-forward to next year's draft, and their
commands. It reads every domain app; no domain app imports it.
"""
