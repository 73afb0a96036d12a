"""Monitoring: the quarterly figures of the catalogue's indicators, from entry to approval.

Owners enter figures (page, workbook or API), performance officers approve or return them,
chasers remind the late, and the dashboard and indicator pages show where each measure stands.
What a measure *is* (its code, unit, targets, tolerances, how it adds up) is the catalogue's:
``civicplan.indicators``, one layer down.
"""
