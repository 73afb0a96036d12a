"""Template tags for the page layout: the service navigation knows which section it is in, and
shows the monitoring pages to those who use them (with the number of figures awaiting approval
for a performance officer)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.http import HttpRequest
from django.urls import reverse

from civicplan.accounts.permissions import has_role, is_performance_officer
from civicplan.accounts.roles import Role
from civicplan.monitoring.selectors.worklists import pending_approval_count

register = template.Library()

# (text, URL name, namespace whose every page belongs to the item, or "")
NAVIGATION = [
    ("Overview", "plans:overview", ""),
    ("Indicators", "monitoring:indicators", "indicators"),
    ("Key tasks", "tasks:list", "tasks"),
    ("Policies", "plans:policies", ""),
    ("Risks", "risks:index", "risks"),
    ("Budget", "budgets:index", "budgets"),
    ("Findings", "plans:findings", ""),
]


# Inserted after "Overview": (text, URL name, who sees it, other pages inside the item). Who:
# "" everyone, "enters" indicator owners and performance officers, "officer" officers only.
MONITORING_NAVIGATION = [
    ("Dashboard", "monitoring:dashboard", "", ("monitoring:late",)),
    (
        "My indicators",
        "monitoring:my_indicators",
        "enters",
        (
            "monitoring:value_entry",
            "monitoring:workbook",
            "monitoring:workbook_download",
            "monitoring:workbook_upload",
        ),
    ),
    ("Approvals", "monitoring:approvals", "officer", ()),
]
# Pages outside a section's namespace that still belong to it.
SECTION_PAGES = {
    "monitoring:indicators": (
        "monitoring:indicator",
        "opendata:index",
        "opendata:hotspots",
        "opendata:peer_group",
    ),
    "plans:policies": ("plans:renewals", "plans:policy", "plans:record_renewal"),
}


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    current: str  # the aria-current value: "page", "true" (a page inside the section) or ""
    count: int | None = None  # shown beside the text: figures waiting for approval


def _monitoring_items(request: HttpRequest | None, view_name: str) -> list[NavItem]:
    user = getattr(request, "user", None)
    officer = is_performance_officer(user)
    enters = officer or has_role(user, Role.INDICATOR_OWNER)
    items = []
    for text, name, who, inside in MONITORING_NAVIGATION:
        if (who == "officer" and not officer) or (who == "enters" and not enters):
            continue
        current = "page" if view_name == name else "true" if view_name in inside else ""
        count = None
        if name == "monitoring:approvals":
            count = pending_approval_count()
        items.append(NavItem(text=text, href=reverse(name), current=current, count=count))
    return items


@register.simple_tag(takes_context=True)
def service_navigation(context: template.Context) -> list[NavItem]:
    """The navigation items, marking the page (or section) the user is on."""
    request: HttpRequest | None = context.get("request")
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match is not None else ""
    items = []
    for text, name, namespace in NAVIGATION:
        in_namespace = match is not None and namespace and match.namespace == namespace
        current = ""
        if view_name == name:
            current = "page"
        elif in_namespace or view_name in SECTION_PAGES.get(name, ()):
            current = "true"
        items.append(NavItem(text=text, href=reverse(name), current=current))
    return items[:1] + _monitoring_items(request, view_name) + items[1:]
