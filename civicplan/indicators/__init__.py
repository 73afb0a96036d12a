"""The catalogue: what each measure is, and the rules for judging a figure against it.

Indicators with their codes, frameworks, owners, published yearly figures and targets, and the
settings that say how a measure is collected, adds up and is judged (``rules``). The figures
entered each quarter are ``civicplan.monitoring``'s, one layer up.
"""
