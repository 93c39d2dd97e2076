"""What the dev server refuses from a request's headers alone (guard.py), and what its console says, in the editor's
language. The real server's answers are in test_serve_load.py."""

from __future__ import annotations

import json

import pytest
from tornado.httputil import HTTPHeaders

from katalogi.devserver.guard import host_allowed, refusal
from katalogi.devserver.live import Updated


@pytest.mark.parametrize(("host", "bound", "allowed"), [
    ("127.0.0.1:8000", "127.0.0.1", True), ("localhost:8000", "127.0.0.1", True), ("[::1]:8000", "127.0.0.1", True),
    ("LocalHost.:8000", "127.0.0.1", True), ("app.localhost:8000", "127.0.0.1", True),
    ("192.168.1.20:8000", "0.0.0.0", True), ("laptop.lan:8000", "laptop.lan", True),
    ("evil.example:8000", "127.0.0.1", False), ("evil.example", "0.0.0.0", False),
    ("127.0.0.1.evil.example:8000", "127.0.0.1", False), ("localhost.evil.example", "127.0.0.1", False),
    ("laptop.lan:8000", "127.0.0.1", False), ("", "127.0.0.1", False), (None, "127.0.0.1", False),
    ("127.0.0.1:1\x00", "127.0.0.1", False),
])
def test_only_a_host_that_names_this_server_is_answered(host, bound, allowed):
    assert host_allowed(host, bound) is allowed


def test_the_refusals_speak_the_editors_language_and_the_api_gets_json():
    status, reason, body, kind = refusal("/", HTTPHeaders({"Host": "evil.example:8000"}), "127.0.0.1", 8000, "fi",
                                         "/api/v1")
    assert (status, reason, kind) == (403, "Forbidden", "text/plain; charset=utf-8")
    assert body.decode() == ("Kehityspalvelin vastaa vain tälle koneelle osoitettuihin pyyntöihin (127.0.0.1, "
                             "localhost, [::1]), ei osoitteeseen evil.example:8000; avaa http://127.0.0.1:8000/\n")
    status, _, body, kind = refusal("/api/v1", HTTPHeaders({"Host": "localhost:8000", "Content-Length": "9000000"}),
                                    "127.0.0.1", 8000, "sv", "/api/v1")
    assert (status, kind) == (413, "application/json; charset=utf-8")
    assert json.loads(body) == {"error": "Förfrågan är större än 8 MB, det mesta som utvecklingsservern läser; "
                                         "ingenting lästes eller skrevs"}
    assert refusal("/", HTTPHeaders({"Host": "localhost:8000", "Content-Length": "8388608"}), "127.0.0.1", 8000, "fi",
                   "/api/v1") is None, "8 MB itself is read"


def test_a_server_on_every_address_names_its_own_host_and_a_loopback_address_to_open():
    _, _, body, _ = refusal("/", HTTPHeaders({"Host": "evil.example"}), "laptop.lan", 8000, "en", "/api/v1")
    assert b"(127.0.0.1, localhost, [::1], laptop.lan)" in body and b"open http://laptop.lan:8000/" in body
    _, _, body, _ = refusal("/", HTTPHeaders({"Host": "evil.example"}), "0.0.0.0", 8000, "en", "/api/v1")
    assert b"open http://127.0.0.1:8000/" in body


@pytest.mark.parametrize(("updated", "language", "said"), [
    (Updated(26, 0, 0, 1.3634, full=True), "fi", "Koko sivusto rakennettiin (26 toimenpidettä) 1363 ms:ssa."),
    (Updated(26, 0, 0, 1.3634, full=True), "en", "Built the whole site (26 actions) in 1363 ms."),
    (Updated(1, 41, 0, 0.056), "fi", "Päivitettiin 1 sivu 56 ms:ssa, 41 lisää tulossa."),
    (Updated(3, 0, 2, 0.01), "sv", "Uppdaterade 3 sidor på 10 ms, tog bort 2."),
    (Updated(0, 5, 0, 0.002), "en", "Rendering 5 pages again (started in 2 ms)."),
    (Updated(0, 0, 0, 0.002), "fi", "Mikään ei muuttunut."),
])
def test_the_console_lines_speak_the_editors_language(updated, language, said):
    assert updated.text(language) == said
