from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "civicplan.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from civicplan.accounts.middleware import session_stamp

        user_logged_in.connect(session_stamp, dispatch_uid="civicplan-session-stamp")
