"""civicplan api-token create|list|revoke: personal API tokens for scripts (Power BI, feeds).

The token is printed once, on creation; civicplan keeps only its SHA-256 digest.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from civicplan.api.models import ApiToken
from civicplan.api.services import TokenNameRefused, api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Make, list or revoke personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="make a token and print it once")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="what it is for, such as 'Power BI'")
        listing = actions.add_parser("list", help="list tokens (never the tokens themselves)")
        listing.add_argument("username", nargs="?")
        revoke = actions.add_parser("revoke", help="stop a token working")
        revoke.add_argument("id", type=int, help="the token's id, from 'list'")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _create(self, *, username: str, name: str, **_: object) -> None:
        user = self._user(username)
        try:
            token, raw = api_token_create(user=user, name=name, by=None)
        except TokenNameRefused as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stderr.write(
            f"Token {token.pk} “{token.name}” for {user}. Copy it now: it is not shown again."
        )
        self.stdout.write(raw)

    def _list(self, *, username: str | None = None, **_: object) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "name")
        if username:
            tokens = tokens.filter(user=self._user(username))
        for token in tokens:
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "live"
            self.stdout.write(f"{token.pk}\t{token.user}\t{token.name}\tlast used {used}\t{state}")

    def _revoke(self, *, id: int, **_: object) -> None:
        token = ApiToken.objects.select_related("user").filter(pk=id).first()
        if token is None:
            raise CommandError(f"There is no API token with id {id}.", returncode=2)
        api_token_revoke(token=token, by=None)
        self.stdout.write(f"Revoked token {token.pk} “{token.name}” of {token.user}.")

    def _user(self, username: str):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user called {username!r}.", returncode=2)
        return user
