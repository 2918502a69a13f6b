"""Domain errors become HTTP errors here, in one place."""

from flask_smorest import abort
from werkzeug.exceptions import HTTPException

from crm.domain import Conflict, Forbidden, InvalidInput, NotFound


def register_error_handlers(api) -> None:
    api.map_error(NotFound, 404)
    api.map_error(Conflict, 409)
    api.map_error(Forbidden, 403)

    def invalid(exc: InvalidInput):
        try:
            abort(422, message=f"invalid input: {exc}", errors={"json": exc.errors})
        except HTTPException as http_error:
            return api.handle_http_exception(http_error)

    api._app.register_error_handler(InvalidInput, invalid)
