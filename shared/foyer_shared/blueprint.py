"""The Blueprint every Foyer API uses: checked JSON bodies and one bounded paging schema."""

from __future__ import annotations

import http
import json
from copy import deepcopy
from functools import wraps

import flask_smorest
from flask import current_app, request
from flask_smorest.utils import unpack_tuple_response

from foyer_shared.pagination import LowerBound, PageArgs
from foyer_shared.request_json import FoyerParser


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint; every service declares its routes on this one (each
    service's tests/api/test_bad_input.py checks it)."""

    ARGUMENTS_PARSER = FoyerParser()
    PAGINATION_ARGUMENTS_PARSER = FoyerParser()

    def paginate(self):
        """Like flask-smorest's (pagination inside the view, total in X-Pagination) but with
        PageArgs: its page is bounded. The view gets `pagination_parameters` and sets
        `item_count`; `pagination_parameters.first_item` is the offset."""

        def decorator(func):
            @wraps(func)
            def wrapper(*args, **kwargs):
                params = self.PAGINATION_ARGUMENTS_PARSER.parse(PageArgs, request, location="query")
                kwargs["pagination_parameters"] = params
                result, status, headers = unpack_tuple_response(
                    current_app.ensure_sync(func)(*args, **kwargs)
                )
                if params.item_count is not None:
                    result, headers = self._set_pagination_metadata(params, result, headers)
                return result, status, headers

            # Read by flask-smorest's _prepare_pagination_doc: the parameters and the 422.
            wrapper._apidoc = deepcopy(getattr(wrapper, "_apidoc", {}))
            wrapper._apidoc["pagination"] = {
                "parameters": {"in": "query", "schema": PageArgs},
                "response": {422: http.HTTPStatus(422).name},
            }
            return wrapper

        return decorator

    def _set_pagination_metadata(self, page_params, result, headers):
        """flask-smorest's X-Pagination; for a total that is a LowerBound it adds
        `total_is_lower_bound: true`, and a next page after the last page the total implies when
        this page is full (more rows exist than were counted)."""
        result, headers = super()._set_pagination_metadata(page_params, result, headers)
        if isinstance(page_params.item_count, LowerBound):
            metadata = json.loads(headers[self.PAGINATION_HEADER_NAME])
            metadata["total_is_lower_bound"] = True
            full_page = len(result) == page_params.page_size
            if full_page and page_params.page >= metadata.get("last_page", 0):
                metadata["next_page"] = page_params.page + 1
            headers[self.PAGINATION_HEADER_NAME] = json.dumps(metadata)
        return result, headers
