"""Template tags for the page layout: the service navigation knows which section it is in."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.http import HttpRequest
from django.urls import reverse

register = template.Library()

# (text, URL name, namespace whose every page belongs to the item, or "")
NAVIGATION = [
    ("Overview", "plans:overview", ""),
    ("Indicators", "indicators:list", "indicators"),
    ("Key tasks", "tasks:list", "tasks"),
    ("Policies", "plans:policies", ""),
    ("Risks", "risks:index", "risks"),
    ("Budget", "budgets:index", "budgets"),
    ("Findings", "plans:findings", ""),
]


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    current: str  # the aria-current value: "page", "true" (a page inside the section) or ""


@register.simple_tag(takes_context=True)
def service_navigation(context: template.Context) -> list[NavItem]:
    """The navigation items, marking the page (or section) the user is on."""
    request: HttpRequest | None = context.get("request")
    match = getattr(request, "resolver_match", None)
    items = []
    for text, name, namespace in NAVIGATION:
        current = ""
        if match is not None and match.view_name == name:
            current = "page"
        elif match is not None and namespace and match.namespace == namespace:
            current = "true"
        items.append(NavItem(text=text, href=reverse(name), current=current))
    return items
