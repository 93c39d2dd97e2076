"""One output file of the site (`Page`), with the keys of what it depends on (page_inputs.py): pages.py lists them
all, network_pages.py the network's."""

from __future__ import annotations

from dataclasses import dataclass, field

from .page_inputs import NOTHING, Key


@dataclass(frozen=True, slots=True)
class Page:
    """One output file: its path below output/, its template (or producer) and variables, and its inputs.

    `producer` names a function in render.PRODUCERS for files that are not HTML templates
    (feeds, calendars, data files); it gets the language's Site, the editions and the context.
    """

    path: str
    template: str = ""
    context: dict = field(default_factory=dict)
    language: str = ""  # "" for the default language
    producer: str = ""
    local_path: str = ""  # the path without the language prefix, the same in every language
    depends: frozenset[Key] = NOTHING
    subject: Key | None = None  # the item the page is about, whose editor is most likely looking at it
    typeset: bool = False  # the template's page made into a PDF (report_pdf.py): the council report
