"""A person's ETag is their version (api/versions.py): set on create, read and correct; If-Match
optional, compared with the version, refused with 400 when it names none."""

from __future__ import annotations

ASA = {"first_name": "Åsa", "last_name": "Lindström"}


def test_the_created_person_carries_the_etag_of_version_one(api):
    response = api.post("/persons", ASA)
    assert response.status_code == 201 and response.headers["ETag"] == '"1"'


def test_a_correction_without_if_match_is_made_and_tagged_with_the_new_version(api):
    person = api.person(**ASA)
    response = api.patch(f"/persons/{person['id']}", {"city": "Lund"})
    assert response.status_code == 200 and response.headers["ETag"] == '"2"'


def test_a_weak_tag_of_the_current_version_is_accepted(api):
    person = api.person(**ASA)
    response = api.patch(
        f"/persons/{person['id']}", {"city": "Lund"}, headers={"If-Match": 'W/"1"'}
    )
    assert response.status_code == 200


def test_an_if_match_naming_no_version_is_a_bad_request(api):
    person = api.person(**ASA)
    for value in ("abc", "*"):
        response = api.patch(
            f"/persons/{person['id']}", {"city": "Lund"}, headers={"If-Match": value}
        )
        assert response.status_code == 400
        assert response.json["message"] == 'If-Match must be the person\'s ETag, e.g. "3"'
    assert api.get(f"/persons/{person['id']}").json["city"] is None


def test_if_none_match_never_answers_not_modified(api):
    # The version covers the fields, not the groups and family shown with them.
    person = api.person(**ASA)
    response = api.get(f"/persons/{person['id']}", headers={"If-None-Match": '"1"'})
    assert response.status_code == 200 and response.headers["ETag"] == '"1"'
