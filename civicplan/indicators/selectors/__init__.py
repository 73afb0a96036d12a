"""Reading indicators in bulk, one module per page family.

``catalogue``: the indicator table and one indicator's page; ``figures``: one load of a plan's
monitoring data for many periods at once; ``worklists``: what an owner enters and an officer
approves in a collection round; ``record``: one indicator's figures, revisions and audit trail.
"""
