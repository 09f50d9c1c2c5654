from django import forms

from assessments.instruments import Item, OpenQuestion
from assessments.models import SafetyCheck


class ScaleSelect(forms.RadioSelect):
    """A row of big, tappable choices (the `.scale` building block, which the
    questionnaire pages draw too) inside a fieldset whose legend is the
    question. For the other apps' forms: here, at the bottom of the app order."""

    template_name = "forms/widgets/scale.html"


# Names a questionnaire form may post besides its answers.
CONTROL_FIELDS = {"csrfmiddlewaretoken", "version", "go"}


class AnswersForm(forms.Form):
    """Answers to some items of one draft. Anything else in the POST (an item
    from another page or instrument, a value off the scale, another version)
    makes the whole form invalid, so nothing at all is stored."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        version: int,
        items: tuple[Item, ...],
        *args,
        open_questions: tuple[OpenQuestion, ...] = (),
        single: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.expected_version = version
        self.single = single
        self.open_keys = [question.key for question in open_questions]
        self.fields["version"].initial = version
        for question in open_questions:
            self.fields[question.key] = forms.CharField(
                label=question.text,
                help_text=question.help_text,
                required=False,
                max_length=question.max_length,
                widget=forms.Textarea(attrs={"rows": 5}),
                error_messages={
                    "max_length": f"This is longer than the box can hold ({question.max_length} characters). Shorten it a little to save it.",
                    "null_characters_not_allowed": "Some characters in this text can't be saved. Remove them and try again.",
                },
            )
        for item in items:
            self.fields[item.key] = forms.TypedChoiceField(
                label=item.text,
                choices=item.scale.choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Please choose one of the answers shown."},
            )

    def clean_version(self):
        if self.cleaned_data["version"] != self.expected_version:
            raise forms.ValidationError(
                "This page is from another edition of the questionnaire. Reload it to carry on."
            )
        return self.cleaned_data["version"]

    def clean(self):
        unknown = set(self.data) - set(self.fields) - CONTROL_FIELDS
        if unknown:
            raise forms.ValidationError(
                "Some answers didn't match the questions on this page. Reload it and try again."
            )
        if self.single and len(self.answers) + len(self.texts) != 1:
            raise forms.ValidationError("Send one answer at a time.")
        return self.cleaned_data

    @property
    def answers(self) -> dict[str, int]:
        """The answers on a scale that were given."""
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if key != "version" and key not in self.open_keys and value is not None
        }

    @property
    def texts(self) -> dict[str, str]:
        """The open questions that were sent, emptied ones too (so clearing a text is saved)."""
        return {key: self.cleaned_data[key] for key in self.open_keys if key in self.data and key in self.cleaned_data}



def _safety_question(label: str, help_text: str = "") -> forms.ChoiceField:
    message = "Please choose an answer: yes, no, or that you'd rather not say."
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=SafetyCheck.CHOICES,
        widget=ScaleSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class SafetyCheckForm(forms.Form):
    """The private safety check (assessments.safety says what each answer does)."""

    # Made when the form is shown: the same form sent twice is one check.
    token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This page was out of date. Please answer again.",
            "invalid": "This page was out of date. Please answer again.",
        },
    )
    afraid = _safety_question("Do you ever feel afraid of your partner?")
    harmed = _safety_question(
        "Has your partner threatened you, hurt you, or forced you into anything, sexual things included?"
    )
    controlled = _safety_question(
        "Does your partner control your money or your phone, whom you see, or where you go?",
    )
    self_harm = _safety_question("Lately, have you had thoughts of harming yourself?")

    @property
    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data[key] for key in ("afraid", "harmed", "controlled", "self_harm")}
