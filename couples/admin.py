from django.contrib import admin

from couples.models import CheckIn, Couple, Invite, Membership, ReminderSent


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "joined_at", "active"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Couple)
class CoupleAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at", "ended_at", "time_zone", "checkin_day"]
    readonly_fields = ["created_by", "created_at", "ended_at"]
    inlines = [MembershipInline]


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin):
    # Metadata only: the token itself is never stored, its hash is not shown.
    list_display = ["id", "couple", "created_at", "expires_at", "used_at", "revoked_at"]
    fields = ["couple", "created_by", "created_at", "expires_at", "used_at", "used_by", "revoked_at"]
    readonly_fields = fields


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    # Metadata only: the answers and notes are the partners' own.
    list_display = ["id", "couple", "user", "week_start", "created_at", "updated_at"]
    fields = list_display[1:]
    readonly_fields = fields
    list_filter = ["week_start"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "couple", "week_start", "sent_at"]
    fields = list_display[1:]
    readonly_fields = fields
