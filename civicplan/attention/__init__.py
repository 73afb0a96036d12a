"""What needs attention, per post: figures missing or due, key tasks overdue or due soon, risks
to review, policies to renew. A screen across the domain apps, with its navigation count and the
``civicplan attention`` command; no domain app imports it.
"""
