"""Det Fælles Designsystem (DKFDS) markup for Django form fields.

`{% fds_widget field %}` renders the field's own widget with the DKFDS class for its kind
and, when the field has help text or errors, aria-describedby / aria-invalid pointing at the
ids the field partials give them (`<auto_id>_helptext`, `<auto_id>_errors`).
"""
from django import template

register = template.Library()

CLASSES = {
    "select": "form-select",
    "selectmultiple": "form-select",
    "checkbox": "form-checkbox",
    "radioselect": "form-radio",
    "checkboxselectmultiple": "form-checkbox",
    "textarea": "form-input",
}


@register.simple_tag
def fds_widget(field):
    widget = field.field.widget
    kind = CLASSES.get(field.widget_type, "form-input")
    attrs = {"class": " ".join(filter(None, [kind, widget.attrs.get("class", "")]))}
    described = [widget.attrs.get("aria-describedby", "")]
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_errors")
        attrs["aria-invalid"] = "true"
    described = " ".join(d for d in described if d)
    if described:
        attrs["aria-describedby"] = described
    return field.as_widget(attrs=attrs)
