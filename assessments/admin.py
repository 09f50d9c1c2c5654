from django.contrib import admin

from assessments.models import Draft, Submission


# Metadata only: staff never see anyone's answers or scores.
@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "instrument", "version", "submitted_at"]
    list_filter = ["instrument"]
    fields = ["user", "instrument", "version", "submitted_at"]
    readonly_fields = fields


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "instrument", "version", "started_at"]
    fields = ["user", "instrument", "version", "started_at"]
    readonly_fields = fields
