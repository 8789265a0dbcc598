"""The error half of the OpenAPI contract, added to every operation in one place.

API.md's conventions hold for every endpoint: 400 with field errors or {detail, code}, 401
without a token, 403 for a visible object the caller may not change, 404 for what the caller
may not see (also a page number past the end), and 409 with a `code` for state conflicts on
writes. Declaring them once here keeps the schema honest without repeating them in every
view; a view's own, more precise declaration wins.
"""

ERROR_SCHEMA_NAME = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Either {detail, code} or field errors {field: [message, ...]} (400 only)."
    ),
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "Stable machine-readable code"},
    },
    "additionalProperties": True,
}
DESCRIPTIONS = {
    "400": "Invalid input: field errors, or {detail, code}",
    "401": "Not logged in",
    "403": "Visible, but not the caller's to change (or the wrong role)",
    "404": "No such object for this caller (existence is never leaked)",
    "409": "State conflict; `code` says which (stale_plan, double_booked, consent_required, "
    "already_given, meeting_not_held, ...)",
    "414": "Request line too long (the server's limit, before the application)",
    "429": "Too many attempts",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}
PUBLIC_PATHS = {"/api/auth/token/", "/api/schema/"}


def add_error_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault(ERROR_SCHEMA_NAME, ERROR_SCHEMA)
    ref = {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            codes = ["400", "404", "414"]
            if path in PUBLIC_PATHS:
                codes.append("429")
            else:
                codes += ["401", "403"]
                if method in WRITE_METHODS:
                    codes.append("409")
            responses = operation.setdefault("responses", {})
            for code in codes:
                existing = responses.get(code)
                if existing is None:
                    responses[code] = {
                        "description": DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": ref}},
                    }
                elif "content" not in existing:
                    # A view that named the status without a body gets the common error body.
                    existing["content"] = {"application/json": {"schema": ref}}
    return result
