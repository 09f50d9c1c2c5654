from django import template

from accounts import devices

register = template.Library()


@register.filter
def device(user_agent: str) -> str:
    """A device as a person names it ("Firefox on Android"). Rows are stored
    that way already (accounts.devices); one saved before that still reads so."""
    return devices.device_name(user_agent or "")
