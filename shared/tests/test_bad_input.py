"""Checked JSON bodies, bounded paging, control-free text and aware times (issue 17, 5 and 8)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.views import MethodView
from marshmallow import Schema, ValidationError, fields

from foyer_shared.api import create_api
from foyer_shared.blueprint import Blueprint
from foyer_shared.fields import AwareDateTime, FreeText, SingleLine
from foyer_shared.pagination import MAX_PAGE, MAX_PAGE_SIZE
from foyer_shared.request_json import (
    MAX_JSON_DEPTH,
    NestedTooDeeply,
    UnencodableText,
    errors_at,
    load_json,
)
from foyer_shared.text import check_text
from foyer_testing.inputs import DEEPLY_NESTED, field_errors, send_json


class Note(Schema):
    title = SingleLine(required=True)
    body = FreeText()
    extra = fields.Dict()


class Filter(Schema):
    since = AwareDateTime()


def build_app() -> Flask:
    app = Flask(__name__)
    api = create_api(app, title="demo")
    blp = Blueprint("notes", __name__)

    @blp.route("/notes")
    class Notes(MethodView):
        @blp.arguments(Note)
        @blp.response(201)
        def post(self, note):
            return note

        @blp.arguments(Filter, location="query")
        @blp.response(200)
        @blp.paginate()
        def get(self, query, pagination_parameters):
            pagination_parameters.item_count = 0
            return [{"offset": pagination_parameters.first_item}]

    @blp.route("/upload")
    class Upload(MethodView):
        @blp.arguments(Note, location="form")
        @blp.response(201)
        def post(self, form):
            return form

    @blp.route("/notes/<name>")
    class NoteByName(MethodView):
        @blp.response(200)
        def get(self, name):
            return {"name": name}

    api.register_blueprint(blp)
    return app


@pytest.fixture(scope="module")
def client():
    return build_app().test_client()


def test_a_lone_surrogate_anywhere_is_named_by_its_path():
    with pytest.raises(UnencodableText) as caught:
        load_json('{"a": [{"b": "ok"}, {"b": "x\\ud800"}]}')
    assert caught.value.path == ("a", 1, "b")
    with pytest.raises(UnencodableText) as in_key:
        load_json('{"a": {"\\udfff": 1}}')
    assert errors_at(in_key.value.path, "bad") == {"a": {"\\udfff": ["bad"]}}
    assert load_json('{"ok": "\\ud83d\\ude00"}') == {"ok": "😀"}  # a proper pair is text


def test_nesting_is_bounded_and_never_a_recursion_error():
    assert load_json("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH)
    with pytest.raises(NestedTooDeeply):
        load_json("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1))
    with pytest.raises(NestedTooDeeply):
        load_json(DEEPLY_NESTED)


def test_a_body_with_a_lone_surrogate_is_422_naming_the_field(client):
    response = send_json(client, "POST", "/notes", '{"title": "\\ud800"}')
    assert response.status_code == 422 and "title" in field_errors(response)
    assert set(response.json) == {"code", "status", "message", "errors", "request_id"}
    nested = send_json(client, "POST", "/notes", '{"title": "t", "extra": {"k": ["\\udc00"]}}')
    assert nested.status_code == 422 and field_errors(nested) == {
        "extra": {"k": {"0": [nested.json["message"]]}}
    }


def test_a_deeply_nested_body_is_400(client):
    response = send_json(client, "POST", "/notes", DEEPLY_NESTED)
    assert response.status_code == 400 and "json" in response.json["errors"]


def test_query_strings_and_forms_stay_flat_and_decode_bad_bytes_as_replacement(client):
    deep_key = "a" + "[b]" * 5000
    assert client.get(f"/notes?{deep_key}=1").status_code == 200
    # "t" and the UTF-8-style bytes of a lone surrogate, as a raw multipart field
    body = b'--X\r\nContent-Disposition: form-data; name="title"\r\n\r\nt\xed\xb0\x80\r\n--X--\r\n'
    form = client.post("/upload", data=body, content_type="multipart/form-data; boundary=X")
    assert form.status_code == 201 and form.json["title"] == "t\ufffd\ufffd\ufffd"
    with_file = body.replace(
        b"--X--",
        b'--X\r\nContent-Disposition: form-data; name="file"; '
        b'filename="\xed\xb0\x80.csv"\r\n\r\nx\r\n--X--',
    )
    files = client.post("/upload", data=with_file, content_type="multipart/form-data; boundary=X")
    # werkzeug drops a form it cannot decode: the fields are then missing, not a crash
    assert files.status_code == 422 and "title" in field_errors(files, "form")


@pytest.mark.parametrize(
    ("query", "name"),
    [
        (f"page={MAX_PAGE + 1}", "page"),
        ("page=9223372036854775807", "page"),
        ("page=0", "page"),
        ("page_size=0", "page_size"),
        (f"page_size={MAX_PAGE_SIZE + 1}", "page_size"),
    ],
)
def test_paging_out_of_range_is_422_naming_it(client, query, name):
    response = client.get(f"/notes?{query}")
    assert response.status_code == 422 and name in field_errors(response, "query")


def test_paging_gives_the_offset_and_documents_its_bounds(client):
    assert client.get(f"/notes?page=3&page_size={MAX_PAGE_SIZE}").json == [
        {"offset": 2 * MAX_PAGE_SIZE}
    ]
    parameters = client.get("/openapi.json").json["paths"]["/notes"]["get"]["parameters"]
    page = next(p for p in parameters if p["name"] == "page")
    size = next(p for p in parameters if p["name"] == "page_size")
    assert page["schema"]["maximum"] == MAX_PAGE and size["schema"]["maximum"] == MAX_PAGE_SIZE


def test_a_date_time_needs_its_zone_and_loads_as_utc(client):
    naive = client.get("/notes?since=2026-01-01T00:00:00")
    assert naive.status_code == 422 and "since" in field_errors(naive, "query")
    assert client.get("/notes?since=2026-01-01T00:00:00%2B01:00").status_code == 200
    loaded = Filter().load({"since": "2026-01-01T01:00:00+01:00"})["since"]
    assert loaded.isoformat() == "2026-01-01T00:00:00+00:00"
    with pytest.raises(ValidationError, match="out of range"):
        Filter().load({"since": "0001-01-01T00:00:00+01:00"})


@pytest.mark.parametrize("bad", ["\x00", "\n", "\t", "\r", "\x1b", "\x7f", "\x85", "\u2028"])
def test_a_single_line_refuses_every_control_character(bad):
    with pytest.raises(ValidationError) as caught:
        Note().load({"title": f"Å{bad}sa"})
    assert "title" in caught.value.messages
    assert f"U+{ord(bad):04X} at position 1" in caught.value.messages["title"][0]


def test_free_text_keeps_line_breaks_and_tabs_but_refuses_nul_and_other_controls():
    assert Note().load({"title": "t", "body": "a\r\nb\tc"})["body"] == "a\r\nb\tc"
    for bad in ("\x00", "\x07", "\x0b", "\x9b"):
        with pytest.raises(ValidationError):
            Note().load({"title": "t", "body": f"a{bad}"})
    assert check_text("Åsa Lindström-Öberg 😀") == "Åsa Lindström-Öberg 😀"


def test_a_control_character_in_a_path_segment_is_404(client):
    assert client.get("/notes/%C3%85sa").json == {"name": "Åsa"}
    for segment in ("%00", "a%0Ab", "%C2%85"):
        assert client.get(f"/notes/{segment}").status_code == 404
