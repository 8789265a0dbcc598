"""Domain conflicts raised by trust services; the API turns them into 409 with `code`,
pages into a message."""


class TrustConflict(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
