from django.contrib.auth.models import AbstractBaseUser, BaseUserManager
from django.db import models


class User(AbstractBaseUser):
    """The app's `accounts_user` rows, read only: the ceiling never creates
    or changes the table (the app's migrations own it)."""

    id = models.BigAutoField(primary_key=True)
    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=60)
    is_active = models.BooleanField(default=True)

    objects = BaseUserManager()

    USERNAME_FIELD = "email"

    class Meta:
        db_table = "accounts_user"
        managed = False
