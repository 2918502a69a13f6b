"""Error messages in the asker's language: the one error shape translates the shared rules'
reasons and marshmallow's field messages for Accept-Language sv; English, and any language
Foyer does not speak, read as written; a message with no translation stays as it is."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.views import MethodView
from marshmallow import Schema, ValidationError, fields, validate

from foyer_shared.api import create_api
from foyer_shared.blueprint import Blueprint
from foyer_shared.fields import AwareDateTime, EmailAddress
from foyer_shared.identifiers import InvalidIdentifier, normalise_personnummer
from foyer_shared.words import CATALOGUES
from foyer_testing.catalogues import assert_complete


class Member(Schema):
    name = fields.String(required=True)
    email = EmailAddress()
    personnummer = fields.String()
    since = AwareDateTime()
    code = fields.String(validate=validate.Length(max=3))
    level = fields.String(validate=validate.OneOf(["gold", "silver"]))


class Refused(Exception):
    field = "personnummer"


def build_app() -> Flask:
    app = Flask(__name__)
    api = create_api(app, title="demo")
    blp = Blueprint("members", __name__)

    @blp.route("/members")
    class Members(MethodView):
        @blp.arguments(Member)
        @blp.response(201)
        def post(self, member):
            if member.get("personnummer"):
                try:
                    normalise_personnummer(member["personnummer"])
                except InvalidIdentifier as exc:
                    raise Refused(str(exc)) from None
            if member["name"] == "Olle":
                raise Refused(f"{member['name']} has a card already")  # no entry: as written
            return member

    api.register_blueprint(blp)
    api.map_error(Refused, 422)
    return app


@pytest.fixture(scope="module")
def client():
    return build_app().test_client()


def _post(client, body, language):
    headers = {"Accept-Language": language} if language else {}
    return client.post("/members", json=body, headers=headers)


def test_field_messages_read_in_swedish_when_asked(client):
    answer = _post(client, {"email": "anna at x", "since": "2026-01-01T00:00:00"}, "sv-SE,sv;q=0.9")
    assert answer.status_code == 422
    errors = answer.json["errors"]["json"]
    assert errors["name"] == ["Måste fyllas i."]
    assert errors["email"][0].startswith("ingen e-postadress: den behöver")
    assert errors["since"] == ["behöver en tidszon, t.ex. 2026-01-01T00:00:00Z eller +01:00"]
    english = _post(client, {"email": "anna at x"}, None).json["errors"]["json"]
    assert english["name"] == ["Missing data for required field."]
    danish = _post(client, {"email": "anna at x"}, "da").json["errors"]["json"]
    assert danish["name"] == ["Missing data for required field."]


def test_a_message_made_with_values_is_translated_by_its_template(client):
    long_name = _post(client, {"name": "A", "code": "ABCD"}, "sv").json["errors"]["json"]
    assert long_name["code"] == ["För lång: högst 3."]
    assert _post(client, {"name": "A", "code": "ABCD"}, "en").json["errors"]["json"] == {
        "code": ["Longer than maximum length 3."]
    }
    level = _post(client, {"name": "A", "level": "platinum"}, "sv").json["errors"]["json"]
    assert level["level"] == ["Måste vara något av: gold, silver."]


def test_a_template_with_little_text_of_its_own_takes_no_message(tmp_path):
    """ "%(columns)s or %(last)s" (a list's joint) must not turn every "… or …" Swedish."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    from foyer_shared.words import translator

    found = tmp_path / "sv" / "LC_MESSAGES"
    found.mkdir(parents=True)
    catalog = Catalog(locale="sv")
    catalog.add("%(columns)s or %(last)s", "%(columns)s eller %(last)s")
    catalog.add(
        "%(name)s is mapped twice, from %(first)s", "%(name)s är kopplat två gånger, från %(first)s"
    )
    with (found / "messages.mo").open("wb") as mo:
        write_mo(mo, catalog)
    translate = translator(tmp_path, "sv")
    assert translate("give columns, or a saved mapping") == "give columns, or a saved mapping"
    assert translate("'x' is mapped twice, from 'A'") == "'x' är kopplat två gånger, från 'A'"


def test_a_domain_refusal_is_translated_when_it_is_a_shared_reason(client):
    bad = _post(client, {"name": "Anna", "personnummer": "19690502-9318"}, "sv")
    assert bad.status_code == 422
    assert bad.json["message"] == "kontrollsiffran stämmer inte"
    assert bad.json["errors"] == {"json": {"personnummer": ["kontrollsiffran stämmer inte"]}}
    own = _post(client, {"name": "Olle"}, "sv").json
    assert own["message"] == "Olle has a card already" and own["request_id"]


def test_every_shared_message_has_its_swedish_with_the_same_placeholders():
    assert_complete(CATALOGUES, at_least=25)


def test_marshmallows_own_messages_are_the_ones_translated():
    """The catalogue holds marshmallow's texts as this version writes them: a release that
    rewords one would leave it English, and this says so."""
    from foyer_shared.words import MARSHMALLOW_MESSAGES

    written = set()
    for field in (fields.Field, fields.String, fields.Integer, fields.Number, fields.Boolean):
        written |= set(field.default_error_messages.values())
    written |= {fields.UUID.default_error_messages["invalid_uuid"]}
    written |= {fields.Email.default_error_messages["invalid"]}
    written |= {Schema.error_messages.get("unknown") or Schema._default_error_messages["unknown"]}
    assert written - {"Not a valid utf-8 string.", "Number too large."} <= set(MARSHMALLOW_MESSAGES)
    with pytest.raises(ValidationError, match="Unknown field."):
        Member().load({"name": "A", "shoe": 1})
