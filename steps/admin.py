from django.contrib import admin

from steps.models import StepDone


@admin.register(StepDone)
class StepDoneAdmin(admin.ModelAdmin):
    # Progress metadata only; what people wrote in the steps is private and not shown here.
    list_display = ["user", "couple", "step", "done_at"]
    readonly_fields = ["user", "couple", "step", "done_at"]
