"""What every screen shares across the apps: the service navigation and its counts.

Above the domain apps and below the reports and the API: it may read any app, and no app
imports it.
"""
