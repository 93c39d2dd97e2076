"""The council report as a PDF: report.html typeset by WeasyPrint, from the same page the site shows.

WeasyPrint (from PyPI) lays out the page with the print rules of report.css: a title
page, the table of contents with page numbers, running headers and page numbers. It
fetches nothing but the theme's own files (the stylesheet and the DejaVu fonts shipped
under theme/static/report/): any other address is refused, so the PDF never asks another
host for anything. The PDF is tagged for accessibility as PDF/UA-1 with the page's
language and title.

The same commit gives the same bytes: the PDF's dates are the round's date, or the
moment SOURCE_DATE_EPOCH names when it is set, never the clock; the file identifier is a
digest of the content.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import mimetypes
import os
from importlib import metadata
from pathlib import Path

PDF_VARIANT = "pdf/ua-1"
PDF_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "pyphen", "tinycss2", "cssselect2")  # what lays the PDF out
ORIGIN = "https://katalogi.invalid"  # where the report's own addresses are resolved: never fetched from the network


def document_date(day: datetime.date) -> str:
    """The PDF's creation and modification date: SOURCE_DATE_EPOCH's moment, else the round's date (UTC midnight)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    else:
        moment = datetime.datetime.combine(day, datetime.time(), datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def theme_fetcher(static_dirs: list[Path], base_path: str):
    """A WeasyPrint URL fetcher that serves the site's static/ files from the theme and refuses everything else."""
    import weasyprint

    prefix = f"{ORIGIN}{base_path}static/"

    class ThemeFetcher(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(prefix):
                raise ValueError(f"the report fetches only the theme's files, not {url}")
            relative = url[len(prefix):].split("?")[0].split("#")[0]
            for folder in static_dirs:
                file = (folder / relative).resolve()
                if file.is_file() and folder.resolve() in file.parents:
                    mime_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                    return weasyprint.urls.URLFetcherResponse(url, file.read_bytes(),
                                                              {"Content-Type": mime_type})
            raise ValueError(f"no such theme file: {relative}")

    return ThemeFetcher(allowed_protocols=("https",))


def pdf_key(html: str, static_dirs: list[Path], base_path: str, day: datetime.date) -> str:
    """A digest of everything `typeset` makes the PDF from: the page, the theme's report files (the stylesheet and
    the fonts, below static/report/), the libraries that lay it out, where it is published and its date."""
    digest = hashlib.sha256()
    for part in (html, base_path, document_date(day), *(library_version(name) for name in PDF_LIBRARIES)):
        digest.update(part.encode() + b"\0")
    for folder in static_dirs:
        report = folder / "report"
        for file in sorted(report.rglob("*")) if report.is_dir() else ():
            if file.is_file():
                digest.update(file.relative_to(folder).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def library_version(name: str) -> str:
    try:
        return f"{name}={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name}=-"


def typeset(html: str, static_dirs: list[Path], base_path: str, day: datetime.date) -> bytes:
    """The report page `html` (rendered from report.html) as PDF/UA bytes; the same input, the same bytes."""
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # its notes on CSS it skips are no news for an editor
    document = weasyprint.HTML(string=html, base_url=f"{ORIGIN}{base_path}", media_type="print",
                               url_fetcher=theme_fetcher(static_dirs, base_path)).render()
    document.metadata.created = document.metadata.modified = document_date(day)
    document.metadata.generator = "katalogi"
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, pdf_identifier=False, uncompressed_pdf=False)
