"""Domain errors become HTTP errors here, in one place."""

from notify.domain.errors import Invalid, NotFound, NotYours
from notify.domain.templates import TemplateProblem


def register_error_handlers(api) -> None:
    api.map_error(Invalid, 422)
    api.map_error(TemplateProblem, 422)
    api.map_error(NotFound, 404)
    api.map_error(NotYours, 403)
