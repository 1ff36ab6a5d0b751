"""Security headers on every kind of response, the http(s)-only link check, and the served app
never in debug mode (in process, and as `python -m searchapp` in a subprocess).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from searchapp import create_app, serve
from searchapp.security import SECURITY_HEADERS, web_link
from tests.conftest import make_client

PROJECT = Path(__file__).resolve().parents[1]
EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def csp_directives(value: str) -> dict[str, list[str]]:
    parts = [d.split() for d in value.split(";") if d.strip()]
    return {name: sources for name, *sources in parts}


def assert_secure_headers(response) -> None:
    headers = response.headers
    assert csp_directives(headers["Content-Security-Policy"]) == EXPECTED_CSP
    assert "unsafe" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(item.strip().split("=") for item in headers["Permissions-Policy"].split(","))
    assert policy["camera"] == policy["microphone"] == policy["geolocation"] == "()"


SAMPLE_ID = "txt/aleppo-barrel-bombs-market.txt"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/?q=aleppo&city=Aleppo", 200),
        ("GET", "/api/search?q=aleppo", 200),
        ("GET", "/facets/city?fq=a", 200),
        ("GET", "/api/facets/city?fq=a", 200),
        ("GET", f"/report/{SAMPLE_ID}?q=barrel", 200),
        ("GET", f"/api/report/{SAMPLE_ID}", 200),
        ("GET", "/export.csv?q=aleppo", 200),
        ("GET", "/export.jsonl?q=aleppo", 200),
        ("GET", "/static/style.css", 200),
        ("GET", "/static/timeline.js", 200),
        ("GET", "/report/no-such-report", 404),
        ("GET", "/api/report/no-such-report", 404),
        ("GET", "/no-such-page", 404),
        ("GET", "/static/no-such-file.css", 404),
        ("GET", "/?sort=sideways", 400),
        ("GET", "/api/search?page=0", 400),
        ("GET", "/?q=" + "a" * 1001, 413),
        ("POST", "/", 405),
    ],
)
def test_every_response_carries_the_security_headers(client, method, path, status):
    response = client.open(path, method=method)
    assert response.status_code == status
    assert_secure_headers(response)


def test_the_no_index_page_carries_them(tmp_path):
    response = make_client(tmp_path / "missing").get("/")
    assert response.status_code == 503
    assert_secure_headers(response)


def test_an_unexpected_error_carries_them_and_shows_no_traceback(sample_index):
    app = create_app({"INDEX_DIR": str(sample_index)})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert_secure_headers(response)
    body = response.get_data(as_text=True)
    assert "Something went wrong" in body and "secret detail" not in body


def test_a_corrupt_index_is_unavailable_not_an_error(tmp_path):
    (tmp_path / "_MAIN_1.toc").write_bytes(b"not a table of contents")
    assert make_client(tmp_path).get("/").status_code == 503


def test_every_header_is_set_once(client):
    response = client.get("/")
    for name in SECURITY_HEADERS:
        assert len(response.headers.getlist(name)) == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/a",
        'https://example.org/news?a=1&b="><script>alert(1)</script>',
        "HTTPS://EXAMPLE.ORG/",
    ],
)
def test_web_addresses_may_be_links(url):
    assert web_link(url) == url


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "\x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/",
        "/relative/path",
        "https:javascript:alert(1)",
        "http:// example.org",
        "https://example.org/\nnext",
        "ftp://example.org/file",
    ],
)
def test_anything_else_is_text(url):
    assert web_link(url) is None


def test_the_served_app_is_never_in_debug_mode(monkeypatch, sample_index):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert create_app({"INDEX_DIR": str(sample_index)}).debug  # what Flask alone would do
    args = serve.build_parser().parse_args(["--index", str(sample_index)])
    app = serve.make_app(args)
    assert app.debug is False
    assert app.config["DEBUG"] is False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str, deadline: float):
    while True:
        try:
            with urlopen(url, timeout=5) as response:
                return response.status, dict(response.headers), response.read().decode()
        except HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_python_m_searchapp_answers_errors_with_the_plain_page(tmp_path):
    # An index folder whose table of contents is garbage makes every search fail on the server.
    (tmp_path / "_MAIN_1.toc").write_bytes(b"not a table of contents")
    port = _free_port()
    env = {**os.environ, "FLASK_DEBUG": "1", "PYTHONPATH": str(PROJECT)}
    command = [sys.executable, "-m", "searchapp", "--index", str(tmp_path), "--port", str(port)]
    server = subprocess.Popen(
        command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        status, headers, body = _fetch(f"http://127.0.0.1:{port}/", time.monotonic() + 20)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert status in (500, 503)
    assert headers["X-Frame-Options"] == "DENY"
    assert csp_directives(headers["Content-Security-Policy"]) == EXPECTED_CSP
    assert "Back to search" in body
    for leak in ("Traceback", "Werkzeug", "werkzeug", "__debugger__", "whoosh", str(PROJECT)):
        assert leak not in body
