"""Domain rules of the registry: pure functions, no I/O, no Flask."""


class InvalidInput(ValueError):
    """Bad input naming each field: {field: [messages]}; becomes a 422."""

    def __init__(self, errors: dict):
        self.errors = {k: [v] if isinstance(v, str) else v for k, v in errors.items()}
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))

    @classmethod
    def one(cls, field: str, message: str) -> "InvalidInput":
        return cls({field: [message]})
