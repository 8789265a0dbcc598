"""Domain conflicts raised by trust services; the API turns them into 409 with `code`,
pages into a message (both through ibbis/errors.py)."""
from ibbis.errors import DomainConflict


class TrustConflict(DomainConflict):
    """A trust request that clashes with the current state: 409 `{"detail", "code"}`."""
