"""Error file round trip: download the error rows, fix them, upload as a new job: all valid."""

from __future__ import annotations

import csv
import io

from foyer_shared.luhn import luhn_ok

WRITE, RUN, READ = "imports.jobs.write", "imports.jobs.run", "imports.jobs.read"


def map_suggested(client, as_staff, body):
    job_id = body["job"]["id"]
    columns = {c: f for c, f in body["suggested_mapping"].items() if f}
    route = f"/jobs/{job_id}/mapping"
    response = client.put(route, json={"columns": columns}, headers=as_staff("PUT", route, WRITE))
    assert response.status_code == 200, response.json
    return job_id


def fix_check_digit(pn: str) -> str:
    digits = pn.replace("-", "")[2:]
    for last in "0123456789":
        if luhn_ok(digits[:9] + last):
            return pn[:-1] + last
    raise AssertionError(pn)


def test_download_fix_and_upload_again(
    client, as_staff, upload, fixtures, worker, commands, bus, wait_for
):
    job_id = map_suggested(client, as_staff, upload(fixtures / "customers_sv.csv").json)
    route = f"/jobs/{job_id}/errors.csv"
    text = client.get(route, headers=as_staff("GET", route, READ)).data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, broken = rows[0], rows[1:]
    assert len(broken) == 13
    email, pn = header.index("E-post"), header.index("Personnummer")
    assert header[-2:] == ["Row in file", "Import error"]
    original_rows = [int(row[-2]) for row in broken]
    assert original_rows == sorted(original_rows) and original_rows[0] > 1
    left = None  # one row left broken: the next error file points at the first file's row
    for n, row in enumerate(broken):
        if "e-mail" in row[-1] and left is None:
            left = row
            continue
        if "e-mail" in row[-1]:
            row[email] = f"fixed{n}@example.se"
        if "Personnummer" in row[-1]:
            row[pn] = fix_check_digit(row[pn])
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([header, *broken])
    again = upload(out.getvalue().encode("utf-8-sig"), "customers_sv-errors.csv").json
    assert again["suggested_mapping"]["Import error"] is None  # the error column stays out
    new_id = map_suggested(client, as_staff, again)
    route = f"/jobs/{new_id}/dry-run"
    assert client.post(route, headers=as_staff("POST", route, RUN)).status_code == 202
    [command] = commands.take(1)
    assert len(command["data"]["rows"]) == 12
    bus.answer(command)

    def done():
        job = client.get(f"/jobs/{new_id}", headers=as_staff("GET", f"/jobs/{new_id}", READ)).json
        return job if job["state"] == "dry_run_done" else None

    counts = wait_for(done)["counts"]["dry_run"]
    assert (counts["errors"], counts["rows"], counts["will_create"]) == (1, 13, 12)
    route = f"/jobs/{new_id}/errors.csv"
    text = client.get(route, headers=as_staff("GET", route, READ)).data.decode("utf-8-sig")
    again_header, still = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert again_header == header  # the two columns rewritten, not added
    assert still[-2] == left[-2] and still[:-2] == left[:-2]  # the first file's row number


def test_a_swedish_error_file_comes_back_with_its_columns_known(client, as_staff, upload, fixtures):
    """Written for a Swedish reader ("Rad i filen", "Importfel"), uploaded again unchanged and
    read by an English one: the two columns are recognised, rewritten in place, never mapped."""
    job_id = map_suggested(client, as_staff, upload(fixtures / "customers_sv.csv").json)
    route = f"/jobs/{job_id}/errors.csv"
    swedish = {**as_staff("GET", route, READ), "Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"}
    text = client.get(route, headers=swedish).data.decode("utf-8-sig")
    header, *broken = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[-2:] == ["Rad i filen", "Importfel"]
    again = upload(text.encode("utf-8-sig"), "customers_sv-errors.csv").json
    assert again["suggested_mapping"]["Importfel"] is None
    assert again["suggested_mapping"]["Rad i filen"] is None
    new_id = map_suggested(client, as_staff, again)
    route = f"/jobs/{new_id}/errors.csv"
    text = client.get(route, headers=as_staff("GET", route, READ)).data.decode("utf-8-sig")
    again_header, *still = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert again_header == header  # recognised in Swedish: not added again in English
    assert [row[-2] for row in still] == [row[-2] for row in broken]  # the first file's rows
    assert "is not an e-mail address" in " ".join(row[-1] for row in still)  # English words
