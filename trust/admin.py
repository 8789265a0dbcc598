"""Admin: checklist templates only. Notes are listed through Note.objects.for_user like every
other surface, so an administrator - who sees no case content - sees none."""
from django.contrib import admin

from .models import ChecklistTemplate, ChecklistTemplateItem, Note


class ChecklistTemplateItemInline(admin.TabularInline):
    model = ChecklistTemplateItem
    extra = 0
    can_delete = False
    readonly_fields = ("phase", "position", "text_da", "text_en")


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ("__str__", "version", "is_active", "created_at")
    readonly_fields = ("organisation", "version", "is_active", "created_by", "created_at")
    inlines = [ChecklistTemplateItemInline]

    def has_add_permission(self, request):
        return False  # managers publish new versions from their page

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ("created_at", "scope", "case")

    def get_queryset(self, request):
        return Note.objects.for_user(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
