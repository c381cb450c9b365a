from django.contrib import admin

from dauys.discussions.models import BlockedDomain, Comment, ModerationAction, Moderator, Suspension, Thread


@admin.register(Moderator)
class ModeratorAdmin(admin.ModelAdmin):
    list_display = ("user", "since")
    raw_id_fields = ("user",)


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("target", "comments_count", "locked")
    search_fields = ("target",)
    readonly_fields = ("target", "comments_count", "locked")  # locks go through moderation (and its log)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    # Moderation happens on the site, in public; the admin only reads. The guest's address is never shown.
    list_display = ("pk", "thread", "status", "created_at")
    list_filter = ("status",)
    exclude = ("guest_email",)
    readonly_fields = ("thread", "parent", "author", "guest_name", "guest_hash", "body", "status", "hidden_rule")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # removals happen in public, through moderation


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "object_kind", "object_id", "rule", "moderator")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ("user", "rule", "until", "by")
    raw_id_fields = ("user", "by")


@admin.register(BlockedDomain)
class BlockedDomainAdmin(admin.ModelAdmin):
    list_display = ("domain", "note", "created_at")
    search_fields = ("domain",)
