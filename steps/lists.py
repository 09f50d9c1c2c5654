"""The steps' lists of short texts: my partner's own interests (step 1), what I
resent (step 3), and the ways we used to connect (step 5). One mechanism for
all three: the add form, adding a text once, renaming, and where each row
belongs (mine alone, or the couple's list both partners write)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet

from couples.access import Pair
from steps.forms import TextItemForm
from steps.models import ConnectionIdea, Interest, Resentment

ALREADY_LISTED = "That's already on your list."


@dataclass(frozen=True)
class TextList:
    model: type[Model]
    kind: str  # in element ids ("interest-12") and the share URL
    step: int
    anchor: str  # the list's section on its step page
    label: str
    help_text: str
    of_couple: bool = False  # both partners write it (step 5), rather than each their own, private

    def form(self, data=None) -> TextItemForm:
        return TextItemForm(data, label=self.label, help_text=self.help_text)

    def scope(self, pair: Pair) -> dict:
        """Whose list a row is on: the couple's, or mine in this couple."""
        return {"couple": pair.couple} if self.of_couple else {"author": pair.me, "couple": pair.couple}

    def rows(self, pair: Pair) -> QuerySet:
        """The list as I see it on its page, oldest first."""
        if self.of_couple:
            return self.model.objects.filter(**self.scope(pair)).select_related("added_by").order_by("created_at", "pk")
        return self.model.objects.mine(pair).order_by("created_at")

    def get(self, pair: Pair, pk: int):
        """A row on my list, or None: an id from anyone else's list gets the same answer."""
        return self.model.objects.filter(pk=pk, **self.scope(pair)).first()

    def add(self, pair: Pair, form: TextItemForm):
        """Add the form's text unless it is already on the list, in any capitals.
        The unique constraint decides, so a resend racing the first request adds
        one row too; the form then carries the message. Returns the row or None."""
        text = form.cleaned_data["text"]
        extra = {"added_by": pair.me} if self.of_couple else {}
        try:
            with transaction.atomic():
                return self.model.objects.create(text=text, **self.scope(pair), **extra)
        except IntegrityError:
            if not self.model.objects.filter(text__iexact=text, **self.scope(pair)).exists():
                raise  # not a duplicate: a real error, let it show as one
            form.add_error("text", ALREADY_LISTED)
            return None

    def rename(self, row, form: TextItemForm) -> str | None:
        """Give the row the form's text; the reason it was refused, or None."""
        if not form.is_valid():
            return f"{form.errors['text'][0]} Nothing was changed."
        row.text = form.cleaned_data["text"]
        try:
            with transaction.atomic():
                row.save(update_fields=["text", "updated_at"])
        except IntegrityError:  # the new words are another row's (the constraint ignores capitals)
            return f"{ALREADY_LISTED} Nothing was changed."
        return None


LISTS = {
    "interest": TextList(
        Interest,
        "interest",
        step=1,
        anchor="interests",
        label="One of your partner's own interests or habits",
        help_text="For example: late-night gaming, Sunday football, long calls with a sister.",
    ),
    "resentment": TextList(
        Resentment,
        "resentment",
        step=3,
        anchor="resentments",
        label="Something that still weighs on you",
        help_text="An old hurt, or something that keeps coming back. A few words are enough. Only you can see this.",
    ),
    "idea": TextList(
        ConnectionIdea,
        "idea",
        step=5,
        anchor="ideas",
        label="A way we used to connect",
        help_text="Coffee in bed, walking the dog together, a playlist for the car…",
        of_couple=True,
    ),
}
