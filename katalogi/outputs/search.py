"""The static search index: Pagefind (PyPI `pagefind[bin]`) run over the written site.

Pagefind reads every page's <html lang> and indexes each language apart with its own
stemmer (Finnish words then match their inflected forms), and only the parts marked
`data-pagefind-body`. The index (pagefind/ below the site) is searched in the browser
by theme/static/search.js; nothing is asked of another host. Without Pagefind the
build goes on and says so once; the search page then tells readers to use the lists.

How it grows: Pagefind holds about 200 KB of memory per action page while it indexes
(measured: 405 MiB for 2,000 action pages, 1.8 GiB for the 30,000 pages of 10,000
actions). So at most PAGES_PER_BUNDLE pages go into one run; a larger group is indexed
in parts of one language each (fi-1/, fi-2/, sv-1/... listed in the bundle's parts.json),
each from a folder of links to its pages made in sorted order, so every build gives the
same bytes. search.js merges the parts of the page's language into one index (Pagefind's
mergeIndex), so that their results are ranked together.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from ..base import said
from ..base.addresses import page_path
from ..base.errors import Failure

INDEX_DIR = "pagefind"
RECORDS_DIR = "records"  # below INDEX_DIR: the procurement records' own index
SEARCHED = ("action", "criteria_set", "category", "organisation", "indicator", "factor_table")  # the catalogue
CATALOGUE_GLOB = "**/{" + ",".join(page_path(kind).strip("/") for kind in SEARCHED) + "}/**/*.html"
RECORD_PAGES = f"**/{page_path('procurement')}*/index.html"  # pathlib's pattern of the records' pages
RECORDS_GLOB = RECORD_PAGES  # Pagefind's, the same
PAGES_PER_BUNDLE = 2000  # pages one Pagefind run indexes: about 400 MiB of memory (see above)
PARTS_FILE = "parts.json"  # in every bundle: language -> the folders of its parts, relative to it (often none)
BODY = b"data-pagefind-body"  # what marks a page (and the part of it) to index
HTML_LANG = re.compile(rb'<html[^>]*\slang="([A-Za-z-]+)"')
COMPOUND = 10  # letters: a word this long is likely a compound (Finnish writes them as one word)
PART = 6  # letters: the shortest tail of a compound indexed
HEAD = 4  # letters: the shortest head cut off it
VOWELS = frozenset("aeiouyåäö")


def compound_tails(title: str) -> str:
    """The tails of a title's long words, for the search index only: Finnish writes compounds as one word, and
    Pagefind matches the starts of words, so without them `kuljetuspalveluille` would not find a page titled
    "... tavara- ja henkilökuljetuspalveluille". A compound's parts meet where a syllable starts, at a consonant
    before a vowel or after one (ympäristö|kriteerit), so only such tails are taken: henkilö|kuljetus|palveluille
    gives kuljetuspalveluille and palveluille, and a few tails that are no word. Made from the title alone, so a
    page's index entry depends on nothing else."""
    tails = []
    for word in re.findall(r"[^\W\d_]+", str(title).casefold()):
        if len(word) >= COMPOUND:
            tails += [word[start:] for start in range(HEAD, len(word) - PART + 1)
                      if word[start] not in VOWELS and (word[start + 1] in VOWELS or word[start - 1] in VOWELS)]
    return " ".join(dict.fromkeys(tails))


def pagefind_command() -> list[str] | None:
    """How to run Pagefind: PyPI's pagefind[bin] in this Python, or a pagefind program on PATH."""
    if importlib.util.find_spec("pagefind") is not None and importlib.util.find_spec("pagefind_bin") is not None:
        return [sys.executable, "-m", "pagefind"]
    program = shutil.which("pagefind")
    return [program] if program else None


def pagefind_installed() -> bool:
    return pagefind_command() is not None


def index_for_search(site_dir: Path, bundle: Path | None = None, stop: threading.Event | None = None) -> bool:
    """Write the search indexes of `site_dir` into its pagefind/ (or `bundle`); False when Pagefind is missing.

    Two indexes (bundles): the pages of the catalogue in pagefind/ and the procurement records
    in pagefind/records/, so that search.js lists the catalogue's results before the records'
    (a filter in one index would do, but Pagefind writes its filter files in a different
    order on every run, and a rebuild must give the same bytes). With `stop` (the dev
    server's background index), Pagefind runs at the lowest priority and is killed as soon
    as `stop` is set: False then says no index was made.
    """
    pagefind = pagefind_command()
    if pagefind is None:
        return False
    bundle = bundle or site_dir / INDEX_DIR
    made = index_group(pagefind, site_dir, bundle, CATALOGUE_GLOB, stop)
    if made and any(site_dir.glob(RECORD_PAGES)):
        made = index_group(pagefind, site_dir, bundle / RECORDS_DIR, RECORDS_GLOB, stop)
    return made


def index_group(pagefind: list[str], site_dir: Path, bundle: Path, glob: str, stop: threading.Event | None) -> bool:
    """The pages `glob` names in one bundle, or, past PAGES_PER_BUNDLE, in parts of one language each (a part
    without the page's language would answer in another), which search.js merges for the page's language."""
    pages = sorted({path.relative_to(site_dir) for pattern in without_braces(glob) for path in site_dir.glob(pattern)
                    if path.is_file()})
    if len(pages) <= PAGES_PER_BUNDLE:
        made = run_pagefind(pagefind, site_dir, bundle, glob, stop)
        if made:
            (bundle / PARTS_FILE).write_text("{}", encoding="utf-8")  # no parts: search.js uses the bundle itself
        return made
    by_language: dict[str, list[Path]] = {}
    for page in pages:
        text = (site_dir / page).read_bytes()
        if BODY in text:  # as in one run: a part with no marked page would be indexed whole
            by_language.setdefault(page_language(text), []).append(page)
    listed: dict[str, list[str]] = {}
    for language, own in sorted(by_language.items()):
        for number, start in enumerate(range(0, len(own), PAGES_PER_BUNDLE), start=1):
            folder = f"{language}-{number}/"
            listed.setdefault(language, []).append(folder)
            if not index_part(pagefind, site_dir, own[start:start + PAGES_PER_BUNDLE], bundle / folder, stop):
                return False
    (bundle / PARTS_FILE).write_text(json.dumps(listed, sort_keys=True), encoding="utf-8")
    return True


def index_part(pagefind: list[str], site_dir: Path, pages: list[Path], bundle: Path,
               stop: threading.Event | None) -> bool:
    """One part: Pagefind over a folder of links to its pages, made in order, so that what Pagefind lists of it
    never depends on the file system."""
    with tempfile.TemporaryDirectory(dir=site_dir.parent, prefix=".pagefind-part-") as linked:
        for page in pages:
            (Path(linked) / page).parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(site_dir / page, Path(linked) / page)
        return run_pagefind(pagefind, Path(linked), bundle, "**/*.html", stop)


def page_language(html: bytes) -> str:
    """The page's <html lang>, as Pagefind reads it."""
    found = HTML_LANG.search(html, 0, 1024)
    return found.group(1).decode("ascii", "replace") if found else "unknown"


def without_braces(glob: str) -> list[str]:
    """Pagefind's glob as pathlib's: one pattern per alternative of its {a,b} group (pathlib has none)."""
    head, brace, rest = glob.partition("{")
    if not brace:
        return [glob]
    alternatives, _, tail = rest.partition("}")
    return [head + alternative + tail for alternative in alternatives.split(",")]


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link (no bytes copied), or a copy where the file system has none."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def run_pagefind(pagefind: list[str], site_dir: Path, bundle: Path, glob: str, stop: threading.Event | None) -> bool:
    """One index of the pages `glob` names, written into `bundle`; False when `stop` ended it."""
    command = [*pagefind, "--site", str(site_dir), "--output-path", str(bundle.absolute()), "--glob", glob, "--silent"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=(lambda: os.nice(19)) if stop is not None else None)
    while True:
        try:
            output, errors = process.communicate(timeout=None if stop is None else 0.05)
            break
        except subprocess.TimeoutExpired:
            if stop.is_set():
                process.kill()
                process.communicate()
                return False
    entry = bundle / "pagefind-entry.json"
    if process.returncode != 0 or not entry.is_file():
        raise Failure(said.PAGEFIND_FAILED(detail=(errors or output).strip()))
    # Pagefind lists the languages in hash-map order; sorted, a rebuild gives the same bytes.
    entry.write_text(json.dumps(json.loads(entry.read_text(encoding="utf-8")), ensure_ascii=False,
                                separators=(",", ":"), sort_keys=True), encoding="utf-8")
    return True
