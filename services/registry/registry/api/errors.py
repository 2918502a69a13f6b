"""Domain errors become HTTP errors here, in one place."""

from flask_smorest import abort

from registry.services import PersonConflict, PersonNotFound


def register_error_handlers(app) -> None:
    @app.errorhandler(PersonNotFound)
    def _not_found(exc):
        abort(404, message=f"no person with id {exc}")

    @app.errorhandler(PersonConflict)
    def _conflict(exc):
        errors = {"json": {exc.field: [str(exc)]}} if exc.field else None
        code = 409 if exc.field else 412
        abort(code, message=str(exc), **({"errors": errors} if errors else {}))
