"""The dev server on a comparison site: a member's or a shared source's file saved in its own folder updates the
comparison, with the same live reload as the site's own files."""

from __future__ import annotations

import json

from network_fixture import comparison_site, member, shared_entry, shared_folder
from served import fetch, poll, running_server

from katalogi.inputs.shared import network_folders

MEMBERS = "members:\n  - id: a\n    folder: ../a\n  - id: b\n    folder: ../b\n"


def network(tmp_path):
    shared_folder(tmp_path / "shared")
    member(tmp_path / "a", "a", shared_entry("folder: ../shared"))
    member(tmp_path / "b", "b", shared_entry("folder: ../shared"))
    return comparison_site(tmp_path / "network", MEMBERS, shared_entry("folder: ../shared", adopted=""))


def actions(address: str) -> list[int] | None:
    """Each member's number of actions in the served comparison.json (None while it cannot be read)."""
    answer = fetch(address)
    if answer is None or answer[0] != 200:
        return None
    return [entry.get("actions") for entry in json.loads(answer[1])["members"]]


def test_the_folders_watched_are_the_members_and_shared_sources_content(tmp_path):
    root = network(tmp_path)
    assert network_folders(root) == sorted({(tmp_path / name / "content").resolve() for name in ("a", "b", "shared")})
    (root / "site_config.yaml").write_text("members: [oops\n", encoding="utf-8")
    assert network_folders(root) == []


def test_slow_real_server_updates_the_comparison_when_a_member_changes(tmp_path):
    root = network(tmp_path)
    log = tmp_path / "server.log"
    with running_server(root, log) as (server, base):
        data = base + "/data/comparison.json"
        poll(lambda: server.poll() is None and (fetch(data) or (0,))[0] == 200, "the first build", log=log)
        assert actions(data) == [3, 1]

        (tmp_path / "b/content/actions/4.yaml").write_text('id: "4"\nname: Uusi\ndescription: K.\nstatus: done\n',
                                                           encoding="utf-8")
        poll(lambda: actions(data) == [3, 2],
             "the member's new action in the comparison", log=log)

        criteria = tmp_path / "shared/content/criteria/yhteiset-kuljetukset.yaml"
        criteria.write_text(criteria.read_text(encoding="utf-8").replace("name: Yhteiset kuljetusten",
                                                                         "name: Uudet kuljetusten"), encoding="utf-8")
        poll(lambda: "Uudet kuljetusten minimikriteerit" in (fetch(base + "/vertailu/kriteerit/") or (0, ""))[1],
             "the shared criteria set's new name", log=log)
        assert server.poll() is None
