"""The HTTP API (django-ninja): reads for Power BI and other systems; writes go through services."""
