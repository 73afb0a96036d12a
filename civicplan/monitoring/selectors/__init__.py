"""Reading monitored figures in bulk, one module per page family.

``series``: a plan's figures per indicator and where each stands; ``figures``: one load of a
plan's monitoring data for many periods at once; ``worklists``: what an owner enters and an
officer approves in a collection round; ``record``: one indicator's figures, revisions and audit
trail; ``dashboard``: the status summary of a period.
"""
