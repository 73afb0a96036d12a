"""civicplan demo: migrate, load the seed plan and make demo logins, ready to serve."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from civicplan.accounts.roles import Role
from civicplan.accounts.services import user_role_set
from civicplan.core import clock
from civicplan.planio.workflows import plan_import_file
from civicplan.plans.models import Post
from civicplan.plans.services import user_posts_set

SEED = Path(settings.PACKAGE_DIR) / "examples" / "community-safety-business-plan-2026-29.txt"
DEMO_PASSWORD = "demo-civicplan-2026"
DEMO_USERS = [
    ("demo", Role.ADMINISTRATOR, None),
    ("officer", Role.PERFORMANCE_OFFICER, None),
    ("owner", Role.INDICATOR_OWNER, "Head of Communities and Community Safety"),
    ("councillor", Role.VIEWER, None),
]


class Command(BaseCommand):
    help = "Prepare a demonstration database: migrations, the seed plan and demo logins."

    def handle(self, *args, **options) -> None:
        if settings.CIVICPLAN_PRODUCTION:
            raise CommandError(
                "civicplan demo makes logins with a published password, so it does not run in "
                "production (CIVICPLAN_PRODUCTION is set). Make accounts with "
                "civicplan createsuperuser instead.",
                returncode=2,
            )
        call_command("migrate", interactive=False, verbosity=0)
        result = plan_import_file(SEED, as_of=clock.today())
        self.stdout.write(f"Loaded {result.plan.title}: {result.summary_text()}")
        user_model = get_user_model()
        for username, role, post_title in DEMO_USERS:
            user, _ = user_model.objects.get_or_create(username=username)
            user.is_staff = role is Role.ADMINISTRATOR
            user.email = f"{username}@example.org"  # reminders go to the console backend
            user.set_password(DEMO_PASSWORD)
            user.save()
            user_role_set(user=user, roles=[role], by=None)
            posts = Post.objects.filter(title=post_title) if post_title else Post.objects.none()
            user_posts_set(user=user, posts=list(posts), by=None)
        names = ", ".join(f"{u} ({r.value.lower()})" for u, r, _ in DEMO_USERS)
        self.stdout.write(f"Demo logins: {names}; password {DEMO_PASSWORD}")
