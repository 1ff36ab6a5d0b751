"""Report ids in URLs name index entries, never files: traversal, encoded slashes, NULs and
over-long ids on /report/ and /api/report/ get a 404 (or 400) that says what was wrong.

Runs the real app over the sample index; nothing is mocked.
"""

from __future__ import annotations

import pytest

GOOD_ID = "txt/aleppo-barrel-bombs-market.txt"
HOSTILE_IDS = [
    "../../etc/passwd",
    "../../../../../../etc/passwd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/setup.cfg",
    "..%2F..%2Fsetup.cfg",
    "..%252F..%252Fsetup.cfg",
    "txt%2F..%2F..%2Fsetup.cfg",
    "txt/../txt/aleppo-barrel-bombs-market.txt",
    "./txt/aleppo-barrel-bombs-market.txt",
    "txt//aleppo-barrel-bombs-market.txt",
    "txt%2Faleppo-barrel-bombs-market.txt%00",
    "%00",
    "a%00b",
    "..\\..\\setup.cfg",
    "..%5C..%5Csetup.cfg",
    "%C0%AE%C0%AE%2Fsetup.cfg",  # an overlong UTF-8 encoding of "."
    "%FF%FE",  # not UTF-8 at all
    "/etc/passwd",
    "%2Fetc%2Fpasswd",
    "file:%2F%2F%2Fetc%2Fpasswd",
    "indexer/sample/txt/aleppo-barrel-bombs-market.txt",
    "setup.cfg",
    "x" * 5000,
    "%2e" * 3000,
]
# What any of these would show if a path reached the disk.
SECRETS = ("root:x:0:0", "[metadata]", "install_requires", "Helicopters dropped")


@pytest.mark.parametrize("prefix", ["/report/", "/api/report/"])
@pytest.mark.parametrize("report_id", HOSTILE_IDS)
def test_hostile_report_ids_are_not_found_and_never_read_a_file(client, prefix, report_id):
    response = client.get(prefix + report_id)
    # Werkzeug may answer a "//" or "/./" path with a redirect to the tidied one; the tidied
    # path is then judged by the same rule.
    if response.status_code in (301, 308):
        response = client.get(response.headers["Location"])
    assert response.status_code in (400, 404), (report_id, response.status_code)
    body = response.get_data(as_text=True)
    assert not any(secret in body for secret in SECRETS)
    if prefix == "/api/report/":
        payload = response.get_json()
        assert set(payload) >= {"error", "message"}
        assert payload["message"]
    else:
        assert response.mimetype == "text/html"
        assert "report" in body.lower()


@pytest.mark.parametrize("prefix", ["/report/", "/api/report/"])
def test_not_found_message_names_the_id_it_could_not_find(client, prefix):
    response = client.get(prefix + "no-such-report.txt")
    assert response.status_code == 404
    assert "no-such-report.txt" in response.get_data(as_text=True)


def test_a_real_id_still_opens_and_its_dotted_variants_do_not(client):
    assert client.get(f"/report/{GOOD_ID}").status_code == 200
    assert client.get(f"/api/report/{GOOD_ID}").get_json()["id"] == GOOD_ID
    # Ids are keys in the index, compared exactly: no path logic resolves ".." to reach one.
    assert client.get(f"/api/report/txt/../{GOOD_ID}").status_code == 404


def test_an_encoded_slash_names_the_same_id_as_a_plain_one(client):
    # %2F is decoded before routing, so an id with a slash can be written either way; it is
    # still only looked up in the index.
    response = client.get(f"/api/report/{GOOD_ID.replace('/', '%2F')}")
    assert response.status_code == 200
    assert response.get_json()["id"] == GOOD_ID


def test_the_bare_report_path_is_not_found(client):
    for path in ("/report/", "/api/report/", "/report", "/api/report"):
        assert client.get(path).status_code == 404
