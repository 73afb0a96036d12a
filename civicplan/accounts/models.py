"""User accounts are Django's own, and roles are Django groups (``accounts.roles``): this app has
no models of its own. Who holds which post is the organisation's (``plans.models.PostHolder``).
"""
