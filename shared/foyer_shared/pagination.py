"""The one set of paging arguments every list takes, bounded so OFFSET stays small and sane."""

from __future__ import annotations

from flask_smorest.pagination import PaginationParameters
from marshmallow import EXCLUDE, Schema, fields, post_load, validate

# page x page_size stays far below PostgreSQL's bigint OFFSET (a huge page was a 500).
MAX_PAGE = 1_000_000
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100


class PageArgs(Schema):
    """`page` and `page_size` of a list; loads into flask-smorest's PaginationParameters,
    whose `first_item` is the row offset."""

    class Meta:
        unknown = EXCLUDE  # the list's own filters share the query string

    page = fields.Integer(
        load_default=1,
        validate=validate.Range(min=1, max=MAX_PAGE),
        metadata={"description": "1-based page number"},
    )
    page_size = fields.Integer(
        load_default=DEFAULT_PAGE_SIZE,
        validate=validate.Range(min=1, max=MAX_PAGE_SIZE),
        metadata={"description": "items per page"},
    )

    @post_load
    def _parameters(self, data, **_kwargs) -> PaginationParameters:
        return PaginationParameters(**data)


class LowerBound(int):
    """A total that means "at least this many": the list stopped counting at a cap (the
    registry's search counts up to 10,000 matches). X-Pagination then carries
    `total_is_lower_bound: true` (Blueprint.paginate)."""


def one_page(pagination_parameters: PaginationParameters, list_page) -> list:
    """What a `@blp.paginate()` view returns: `list_page(offset, size)` gives (rows, total);
    the total (an int, or a LowerBound) goes to X-Pagination and the rows are the page."""
    rows, total = list_page(pagination_parameters.first_item, pagination_parameters.page_size)
    pagination_parameters.item_count = total
    return rows
