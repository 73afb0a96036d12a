"""``{% service_form form action %}…{% endservice_form %}``: the one way a page posts a form.

Every form that calls a service is the same ``<form>``: posted to its own address, the browser's
validation off (the service's words are the ones shown), the CSRF token, the form's hidden fields
(the version it was read at), and the form's own errors above its fields. Inside the tag,
``form`` is the form, so the fields and the button name it as usual.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader import render_to_string

register = template.Library()


class ServiceFormNode(template.Node):
    def __init__(self, form: FilterExpression, action: FilterExpression, body: NodeList) -> None:
        self.form = form
        self.action = action
        self.body = body

    def render(self, context: Context) -> str:
        form = self.form.resolve(context)
        with context.push(form=form):
            body = self.body.render(context)
        shown: dict[str, Any] = {
            "form": form,
            "action": self.action.resolve(context),
            "body": body,
            "csrf_token": context.get("csrf_token"),
        }
        return render_to_string("components/service_form.html", shown)


@register.tag
def service_form(parser: Parser, token: Token) -> ServiceFormNode:
    try:
        _, form, action = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError(
            "service_form takes a form and the address it posts to"
        ) from None
    body = parser.parse(("endservice_form",))
    parser.delete_first_token()
    return ServiceFormNode(parser.compile_filter(form), parser.compile_filter(action), body)
