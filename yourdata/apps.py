from django.apps import AppConfig


class YourDataConfig(AppConfig):
    """The top of the app order: the profile page and what needs every app,
    downloading one's data and deleting one's account."""

    name = "yourdata"
    verbose_name = "Your data"
