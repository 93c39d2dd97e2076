"""A notice file -> its XML tree, read safely: no entities, no DTD, no network, no file larger than a notice.

lxml reads the bytes with entity resolution, DTD loading and network access off and
without its "huge tree" allowance; a file that declares a DTD at all (<!DOCTYPE>) is
refused, as no eForms notice has one and a DTD is how XML entity attacks begin. What
is not well-formed XML is reported at the line the parser stopped at, and a
well-formed file that is not an eForms notice (another XML, a TED export of the forms
before eForms) says what a notice is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ...base import procurement_problems as notice_problems
from ...base.errors import ContentError

MAX_BYTES = 10_000_000  # a notice of 100 lots is under 2 MB
PROLOG_PART = re.compile(rb"\s*(?:<\?[^>]*\?>|<!--(?:[^-]|-(?!->))*-->)")  # a declaration or a comment
UBL = "urn:oasis:names:specification:ubl:schema:xsd:"
ROOTS = {f"{{{UBL}{name}-2}}{name}": name for name in
         ("PriorInformationNotice", "ContractNotice", "ContractAwardNotice")}
NS = {
    "cac": f"{UBL}CommonAggregateComponents-2",
    "cbc": f"{UBL}CommonBasicComponents-2",
    "ext": f"{UBL}CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
}


@dataclass(frozen=True)
class NoticeFile:
    """One file to read: where it is, and how messages name it."""

    path: Path
    shown_as: str


def parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True)


def notice_files(paths: list[Path], shown: list[str]) -> tuple[list[NoticeFile], list[ContentError]]:
    """The .xml files of `paths` (files as given, folders searched below), each once, in a fixed order."""
    found: dict[Path, NoticeFile] = {}
    errors = []
    for path, name in zip(paths, shown, strict=True):
        if path.is_dir():
            inside = sorted(file for file in path.rglob("*") if file.is_file() and file.suffix.lower() == ".xml"
                            and not any(part.startswith(".") for part in file.relative_to(path).parts))
            if not inside:
                errors.append(ContentError(name, 1, "folder", notice_problems.NO_NOTICE_FILES()))
            for file in inside:
                found.setdefault(file.resolve(), NoticeFile(file, f"{name.rstrip('/')}/"
                                                                  f"{file.relative_to(path).as_posix()}"))
        else:
            found.setdefault(path.resolve(), NoticeFile(path, name))
    return list(found.values()), errors


def declares_dtd(raw: bytes) -> bool:
    """Whether a <!DOCTYPE> comes before the root element: found before the parser reads it, whose entity limits
    would otherwise speak first."""
    position = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    while (part := PROLOG_PART.match(raw, position)) is not None:
        position = part.end()
    return raw[position:].lstrip().startswith(b"<!DOCTYPE")


def read_tree(raw: bytes, shown_as: str) -> tuple[etree._Element | None, list[ContentError]]:
    """The notice's root element, or why the bytes are not an eForms notice."""
    if len(raw) > MAX_BYTES:
        return None, [ContentError(shown_as, 1, "file", notice_problems.NOTICE_TOO_LARGE(
            size=len(raw), limit=MAX_BYTES))]
    if declares_dtd(raw):
        return None, [ContentError(shown_as, 1, "xml", notice_problems.NOTICE_DTD())]
    try:
        root = etree.fromstring(raw, parser())
    except etree.XMLSyntaxError as error:
        detail = error.msg or ""
        return None, [ContentError(shown_as, error.lineno or 1, "xml", notice_problems.NOTICE_NOT_XML(
            detail=detail.split(", line ")[0]))]
    doctype = root.getroottree().docinfo
    if doctype.doctype or doctype.internalDTD is not None:
        return None, [ContentError(shown_as, 1, "xml", notice_problems.NOTICE_DTD())]
    if root.tag not in ROOTS:
        name = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        return None, [ContentError(shown_as, root.sourceline or 1, "xml", notice_problems.NOT_A_NOTICE(root=name))]
    return root, []
