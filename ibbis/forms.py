"""The pages' one translator of a DomainError (ibbis/errors.py) into a form error."""

_OWN_FIELD = object()


def add_domain_error(form, error, *, field=_OWN_FIELD, message=None) -> None:
    """Put the error's message (or the page's own words for it) beside its own field (or
    `field`, when the page names the input differently); on the form as a whole when the
    form has no such field."""
    target = error.field if field is _OWN_FIELD else field
    text = message or getattr(error, "people_message", None) or error.message
    form.add_error(target if target in form.fields else None, text)
