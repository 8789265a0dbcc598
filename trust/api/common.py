from ibbis.api import ConflictError
from trust.errors import TrustConflict


def conflict(error: TrustConflict) -> ConflictError:
    return ConflictError(detail=error.message, code=error.code)
