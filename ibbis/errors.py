"""The one domain error: a well-formed request that the rules or the current state refuse.

Plain Python (no Django import), so the pure rule sets in coordination/benefit_rules/ can
raise it too. Every service raises a subclass with one argument order,
`(code, message, field=None)`; `status` is the HTTP answer (400 refused, 409 a clash with the
current state). The API's one translator is ibbis.api.exception_handler (`{"detail",
"code"}`); the pages' one is ibbis.forms.add_domain_error.
"""


class DomainError(Exception):
    """`code` is stable (API.md); `message` is for people; `field` names the input at fault."""

    status = 400

    def __init__(self, code: str, message: str, field: str | None = None, *,
                 status: int | None = None, people_message: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        # The same words with dates as people read them (`1. december 2026`), for the pages;
        # `message` keeps ISO dates (YYYY-MM-DD), as the API's conventions have them.
        self.people_message = people_message
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return str(self.message)


class DomainConflict(DomainError):
    """A request that clashes with the current state: 409."""

    status = 409
