"""The CRM's rules without I/O: statuses, labels, to-do colours, settings checks."""


class InvalidInput(ValueError):
    """Bad input naming each field: {field: [messages]}; becomes a 422."""

    def __init__(self, errors: dict):
        self.errors = {k: [v] if isinstance(v, str) else list(v) for k, v in errors.items()}
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))

    @classmethod
    def one(cls, field: str, message: str) -> "InvalidInput":
        return cls({field: [message]})


class NotFound(LookupError):
    """No such card, label, to-do or mail-out; the message names it."""


class Conflict(ValueError):
    """The change clashes with what is stored; `field` names the cause."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class Forbidden(PermissionError):
    """The caller lacks a permission this use needs besides the route's; becomes a 403."""
