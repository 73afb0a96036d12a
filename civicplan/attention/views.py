"""The "What needs attention" page: the signed-in person's posts' work, or another post's, or
everyone's, as of today (or ``?as_of=`` for a performance officer)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from civicplan.accounts.permissions import user_post_ids
from civicplan.attention.forms import AttentionForm
from civicplan.attention.selectors import plan_attention
from civicplan.attention.tables import indicators_table, policies_table, risks_table, tasks_table
from civicplan.core import clock
from civicplan.plans.models import Plan, Post
from civicplan.plans.pages import page_as_of, plan_view, tables_page


@plan_view
def attention(request: HttpRequest, plan: Plan) -> HttpResponse:
    as_of = page_as_of(request)
    posts = list(Post.objects.filter(organisation_id=plan.organisation_id).order_by("title"))
    form = AttentionForm(request.GET, posts=posts)
    choice = form.choice()
    found = plan_attention(plan, as_of=as_of)
    mine = user_post_ids(request.user)
    if choice == "all":
        shown = found.for_posts(None)
    elif choice:
        shown = found.for_posts({int(choice)})
    else:
        shown = found.for_posts(mine)
    own = found.for_posts(mine)
    # The navigation's counts, noted on the request (an attribute django-stubs cannot declare)
    request.civicplan_attention = own.counts  # type: ignore[attr-defined]
    context = {
        "form": form,
        "attention": shown,
        "counts": shown.counts,
        "choice": choice,
        "holds_posts": bool(mine),
        "as_of": as_of,
        "today": clock.today(),
    }
    tables = [
        indicators_table(shown),
        tasks_table(shown),
        risks_table(shown),
        policies_table(shown),
    ]
    return tables_page(request, "attention/index.html", context, plan=plan, tables=tables)
