"""What Rekindle keeps about where someone is signed in (allauth's
usersessions): the device as a person would name it ("Firefox on Android"),
never the raw user agent, and the network (/24 for IPv4, /48 for IPv6),
never the full address. The record goes when its session goes."""

import ipaddress

from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.db.models.signals import post_delete, pre_save

IPV4_PREFIX, IPV6_PREFIX = 24, 48

# Checked in order; each name is also one of its own markers, so a name
# read back gives itself (the record is minimised on every save).
BROWSERS = [
    ("Edge", ("Edg/", "EdgA/", "EdgiOS/", "Edge")),
    ("Opera", ("OPR/", "Opera")),
    ("Samsung Internet", ("SamsungBrowser/", "Samsung Internet")),
    ("Firefox", ("Firefox/", "FxiOS/", "Firefox")),
    ("Chrome", ("Chrome/", "CriOS/", "Chromium/", "Chrome")),
    ("Safari", ("Safari/", "Safari")),
]
SYSTEMS = [
    ("Android", ("Android",)),
    ("iPhone", ("iPhone",)),
    ("iPad", ("iPad",)),
    ("Windows", ("Windows",)),
    ("ChromeOS", ("CrOS", "ChromeOS")),
    ("macOS", ("Macintosh", "Mac OS X", "macOS")),
    ("Linux", ("Linux",)),
]


def _first(table, text: str) -> str | None:
    return next((name for name, markers in table if any(m in text for m in markers)), None)


def device_name(user_agent: str) -> str:
    browser, system = _first(BROWSERS, user_agent), _first(SYSTEMS, user_agent)
    if browser and system:
        return f"{browser} on {system}"
    return browser or (f"A browser on {system}" if system else "Unknown browser")


def network(ip: str) -> str:
    address = ipaddress.ip_address(ip)
    prefix = IPV4_PREFIX if address.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def _minimise(sender, instance: UserSession, **kwargs) -> None:
    instance.user_agent = device_name(instance.user_agent)
    instance.ip = network(instance.ip)


def _forget_with_session(sender, instance: Session, **kwargs) -> None:
    # Log-out, "log out everywhere else" and clearsessions all delete the session row.
    UserSession.objects.filter(session_key=instance.session_key).delete()


def connect() -> None:
    pre_save.connect(_minimise, sender=UserSession, dispatch_uid="rekindle.devices.minimise")
    post_delete.connect(_forget_with_session, sender=Session, dispatch_uid="rekindle.devices.forget")
