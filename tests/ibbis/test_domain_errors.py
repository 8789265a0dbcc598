"""Issue 16: one domain error (ibbis/errors.py) with one argument order, one API translator
(ibbis.api.exception_handler) and one form helper (ibbis.forms.add_domain_error)."""
import ast
import inspect

import pytest
from django import forms

from coordination.benefit_rules import ExtensionRefused
from coordination.calendar_feed import CalendarFeedRefused
from coordination.services.cases import CaseRefused
from coordination.services.meetings import MeetingConflict
from ibbis.accounts.approvals import ApprovalConflict
from ibbis.api import exception_handler
from ibbis.errors import DomainError
from ibbis.forms import add_domain_error
from trust.errors import TrustConflict

SERVICE_ERRORS = [
    (CaseRefused, 400), (ExtensionRefused, 400), (MeetingConflict, 409),
    (TrustConflict, 409), (ApprovalConflict, 409), (CalendarFeedRefused, 403),
]


@pytest.mark.parametrize(("error_class", "status"), SERVICE_ERRORS)
def test_every_service_error_is_a_domain_error_with_one_argument_order(error_class, status):
    assert issubclass(error_class, DomainError)
    assert "__init__" not in vars(error_class)  # no class brings its own argument order
    error = error_class("some_code", "Some words.", "some_field")
    assert (error.code, error.message, error.field, error.status) == (
        "some_code", "Some words.", "some_field", status)
    assert str(error) == "Some words."


@pytest.mark.parametrize(("error_class", "status"), SERVICE_ERRORS)
def test_the_api_handler_answers_status_with_detail_and_code(error_class, status):
    response = exception_handler(error_class("some_code", "Some words.", "a_field"), {})
    assert response.status_code == status
    assert response.data == {"detail": "Some words.", "code": "some_code"}


def test_a_status_given_with_the_error_wins():
    response = exception_handler(CaseRefused("transfer_pending", "Waiting.", status=409), {})
    assert (response.status_code, response.data["code"]) == (409, "transfer_pending")


class _Form(forms.Form):
    to_user = forms.CharField(required=False)


def test_the_form_helper_puts_the_message_beside_its_field_or_on_the_form():
    form = _Form(data={})
    assert form.is_valid()
    add_domain_error(form, CaseRefused("other_organisation", "Not yours.", "to_user"))
    add_domain_error(form, CaseRefused("other_organisation", "Not here.", "to"))
    add_domain_error(form, CaseRefused("x", "Named by the page.", "to"), field="to_user")
    add_domain_error(form, CaseRefused("x", "Raw.", "to_user"), message="Our words.")
    assert form.errors["to_user"] == ["Not yours.", "Named by the page.", "Our words."]
    assert form.non_field_errors() == ["Not here."]


def test_the_domain_error_module_is_plain_python():
    """benefit_rules is pure and imports it: it must not pull Django in."""
    import ibbis.errors

    tree = ast.parse(inspect.getsource(ibbis.errors))
    imported = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
    assert imported == []
