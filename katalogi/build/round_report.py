"""`report ROUND`: a round's council report page or PDF, made exactly as `build` makes it."""

from __future__ import annotations

from ..base import said
from ..base.errors import Failure
from ..inputs.sources import Project
from .engine import Engine
from .pages import REPORT_DIR, REPORT_PDF, ROUNDS_DIR


def render_report(project: Project, name: str, language: str | None = None, pdf: bool = False) -> str | bytes:
    """`build.py report ROUND`: the round's report page (or its PDF) as `build` writes it, the project checked
    the same way; `name` is the round's tag (raportti/2019-h2) or its address (2019-h2)."""
    update = Engine(project, jobs=1).update()
    found = {entry.slug: entry for entry in update.rounds.rounds}
    found.update((entry.tag.name, entry) for entry in update.rounds.rounds)
    if name not in found:
        known = ", ".join(entry.tag.name for entry in update.rounds.rounds) or "-"
        raise Failure(said.ROUND_UNKNOWN(round=name, known=known))
    site = update.editions.default
    language = language or site.config.default_language
    prefix = update.editions[language].root[len(site.config.base_path):] if language in site.config.languages \
        else None
    if prefix is None:
        raise Failure(said.ROUND_LANGUAGE(language=language, languages=", ".join(site.config.languages)))
    local = f"{ROUNDS_DIR}/{found[name].slug}/" + (REPORT_PDF if pdf else f"{REPORT_DIR}/index.html")
    page = next(page for page in update.pages if page.path == prefix + local)
    return update.renderer.render(page)
