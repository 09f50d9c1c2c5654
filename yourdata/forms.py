from django import forms


class DeleteArchiveForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, delete what I kept from my earlier couple",
        error_messages={"required": "Tick the box if you're sure. Nothing was deleted."},
    )
