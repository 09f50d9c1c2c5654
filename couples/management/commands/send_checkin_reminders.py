from django.core.management.base import BaseCommand

from couples.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail each partner who has not checked in by their couple's check-in day. "
        "Safe to run as often as you like (hourly from cron): one reminder per partner per week at most."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
