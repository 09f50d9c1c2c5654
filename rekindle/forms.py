from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every Django form renders its fields with Rekindle's field block."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
