from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "Replies and notices"

    def ready(self):
        from notices import receivers  # noqa: F401  (connects the signals)
