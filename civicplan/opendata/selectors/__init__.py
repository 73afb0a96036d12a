"""Reading police open data: ``comparison`` (the organisation's measure mapping and peer groups, and
the comparison an indicator page or report shows) and ``stats`` (area counts from the store)."""
