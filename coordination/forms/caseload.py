"""The caseload's search and the new-case form's search for the service user (issue 17).
Both are GET forms, so they work without JavaScript and a search is a shareable URL."""
from django import forms
from django.utils.translation import gettext_lazy as _

from ..caseload import SEARCH_MAX_LENGTH, name_matches
from .cases import CaseloadFilterForm


class NameSearchField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Search by name"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault("strip", True)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"type": "search", "autocomplete": "off"})
        )
        super().__init__(**kwargs)


class CaseloadSearchForm(CaseloadFilterForm):
    """The caseload's filters with a name search first (the dashboard keeps the filters
    without it: DashboardFilterForm subclasses CaseloadFilterForm)."""

    q = NameSearchField()
    field_order = ["q", "status", "due"]


class ServiceUserSearchForm(forms.Form):
    """The new-case form's search for the service user among every active one."""

    q = NameSearchField(label=_("Find the service user by name"))


SEARCH_RESULTS_SHOWN = 30


def service_user_choices_narrow(form, search: str) -> dict:
    """Offer only the service users whose name matches `search`, as radio buttons that tell
    people of the same name apart (e-mail and username), instead of a select of everyone.
    The field still accepts any active service user, so a search made after choosing does
    not invalidate the choice. One query; returns what the page says about the search."""
    field = form.fields["service_user"]
    if not search:
        return {"searched": False}
    # Any 31 matches, then put in name order here: ordering every match of a common name in
    # the database (6,400 Jensens at 100,000 accounts, ten times that nationally) cost more
    # than the search itself (issue 20). When there are more, the page asks for more of the
    # name; a full name finds few enough to show them all, in order.
    matches = sorted(
        field.queryset.filter(name_matches(search)).order_by()[: SEARCH_RESULTS_SHOWN + 1],
        key=lambda user: (user.last_name, user.first_name, user.username),
    )
    shown = matches[:SEARCH_RESULTS_SHOWN]
    field.widget = forms.RadioSelect(
        attrs={"class": "form-radio"},
        choices=[(str(user.pk), field.label_from_instance(user)) for user in shown],
    )
    return {"searched": True, "matches": len(shown), "more": len(matches) > len(shown)}
