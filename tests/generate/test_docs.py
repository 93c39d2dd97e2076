"""The documentation: its field tables match the content model, its examples are what the commands print, and
every page is reachable from the README by links that lead somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tools import ROOT

from katalogi.generate.reference import MARKER, SCHEMAS, refresh

README = ROOT / "README.md"
DOCS = ROOT / "docs"
FIELD_PAGES = (DOCS / "content.md", DOCS / "settings.md")
COMMANDS = DOCS / "commands.md"
PAGES = (README, *sorted(DOCS.glob("*.md")))
FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.S | re.M)
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


@pytest.mark.parametrize("page", FIELD_PAGES, ids=lambda page: page.name)
def test_field_tables_are_current(page):
    text = page.read_text(encoding="utf-8")
    assert refresh(text) == text, f"run: make docs (python -m katalogi.generate.reference docs/{page.name})"


def test_every_content_type_and_the_config_have_one_table():
    kinds = [match[2] for page in FIELD_PAGES for match in MARKER.finditer(page.read_text(encoding="utf-8"))]
    assert sorted(kinds) == sorted(SCHEMAS)


def check_output(tmp_path) -> str:
    """What `check` prints after four slips made in a copy of the sample, in Finnish and in English."""
    import shutil

    from click.testing import CliRunner

    from katalogi.cli import cli

    for name in ("content", "theme", "site_config.yaml"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    action = tmp_path / "content/actions/111.yaml"
    text = action.read_text(encoding="utf-8").replace("  - mia-malin\n", "  - Mia Malin\n")
    text = text.replace("    state: completed\n", "    state: valmis\n", 1)
    action.write_text(text.replace("    state: not_started\n    due: 2019-10-23\n",
                                   "    state: completed\n    due: 2019-10-23\n"), encoding="utf-8")
    category = tmp_path / "content/categories/hankinnat.yaml"
    category.write_text(category.read_text(encoding="utf-8").replace("description:", "desription:"), encoding="utf-8")
    printed = ""
    for language in ("fi", "en"):
        result = CliRunner().invoke(cli, ["check", "-C", str(tmp_path), "--no-history", "--lang", language])
        assert result.exit_code == 1
        printed += ("$ python build.py check\n" if language == "fi" else "$ python build.py check --lang en\n")
        printed += result.output
    return printed


def test_the_problem_report_shown_is_what_check_prints(tmp_path):
    """docs/commands.md's example in full, and the README's line of it."""
    printed = check_output(tmp_path)
    shown = re.search(r"```text\n(\$ python build.py check\n.*?)```", COMMANDS.read_text(encoding="utf-8"), re.S)[1]
    assert printed == shown
    readme_lines = re.search(r"```text\n(.*?)```", README.read_text(encoding="utf-8"), re.S)[1].splitlines()
    assert readme_lines and set(readme_lines) <= set(printed.splitlines())


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation but - and _ dropped, spaces to -."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """The anchors of a page's headings, with GitHub's -1, -2 ... for a heading that repeats."""
    found: set[str] = set()
    for heading in re.findall(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", FENCE.sub("", page.read_text(encoding="utf-8")), re.M):
        name, count = slug(heading), 0
        while (name if not count else f"{name}-{count}") in found:
            count += 1
        found.add(name if not count else f"{name}-{count}")
    return found


def relative_links(page: Path) -> list[str]:
    """Links and images of a page that lead to this repository (not into code blocks, not to other hosts)."""
    text = re.sub(r"`[^`\n]*`", "", FENCE.sub("", page.read_text(encoding="utf-8")))
    return [target for target in LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:", target, re.I)]


def test_slugs_follow_github():
    assert slug("Virheilmoitukset – Error messages") == "virheilmoitukset--error-messages"
    assert slug("Procurement (`content/procurements/*.yaml`)") == "procurement-contentprocurementsyaml"
    assert slug("The project's own tests in CI") == "the-projects-own-tests-in-ci"
    assert slug("Raportointi työkirjalla") == "raportointi-työkirjalla"


def test_the_readme_links_every_docs_page():
    linked = {(README.parent / target.split("#")[0]).resolve() for target in relative_links(README)}
    assert sorted(page.name for page in DOCS.glob("*.md") if page.resolve() not in linked) == []


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_and_heading(page):
    broken = []
    for target in relative_links(page):
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target}: no heading #{anchor} in {linked.relative_to(ROOT)}")
    assert broken == []
