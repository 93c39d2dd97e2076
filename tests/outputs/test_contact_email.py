"""An e-mail address is published only when its owner agreed to it (public_email) and the site shows addresses."""

from __future__ import annotations

import pytest
from conftest import TINY_CONFIG

from katalogi.build.pipeline import build
from katalogi.inputs.sources import Project

ADDRESS = "mia.malin@example.org"
CONTACT = f"id: mia\nname: Mia Malin\norganisation: ympa\nemail: {ADDRESS}\n"


@pytest.mark.parametrize("shown, agreed, published", [(True, True, True), (True, False, False),
                                                      (False, True, False), (False, False, False)])
def test_an_address_is_published_only_with_consent(project, tmp_path, shown, agreed, published):
    config = TINY_CONFIG + f"show_contact_email: {'true' if shown else 'false'}\n"
    contact = CONTACT + ("public_email: true\n" if agreed else "")
    root = project({"content/contacts/mia.yaml": contact}, config=config)
    out = tmp_path / "out"
    build(Project(root, history=False), out, search=False)
    found = sorted(path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file()
                   and ADDRESS.encode() in path.read_bytes())
    assert found == (["data/actions.json", "data/actions/1.json", "toimenpiteet/1/index.html"] if published else [])
