from django import forms
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every Django form renders its fields with Rekindle's field block."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"


class ScaleSelect(forms.RadioSelect):
    """A row of big, tappable choices (the `.scale` building block) inside a
    fieldset whose legend is the question."""

    template_name = "forms/widgets/scale.html"
