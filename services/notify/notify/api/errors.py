"""Domain errors become HTTP errors here, in one place."""

from notify.domain.errors import Invalid, NotFound, NotYours
from notify.domain.templates import TemplateProblem


def register_error_handlers(api) -> None:
    api.map_errors(
        {
            Invalid: 422,
            TemplateProblem: 422,
            NotFound: 404,
            NotYours: 403,
        }
    )
