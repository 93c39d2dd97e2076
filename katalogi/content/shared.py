"""Shared definitions in a catalogue: which items a source may hold, how they are named, and what a catalogue may
not do with them (redefine one under the same identifier, adopt a criteria set its source has not).

A shared source is laid out as a catalogue's content/ (content/criteria/, content/emission_factors/,
content/indicators/, content/categories/), so an item moves between them unchanged. Its items are
checked by the same code as the catalogue's own files (checks.check_items) and then used like them;
their paths name the source and its version, keino@2024.1:content/criteria/x.yaml, as a reporting
round's name its tag, so that every problem and page says where a definition came from.
"""

from __future__ import annotations

from ..base import network_problems, problems
from ..base.errors import ContentError
from ..base.paths import CONFIG_FILE
from .checker import suggestion
from .config import Config
from .i18n import LOCALES
from .model import TYPES_BY_FOLDER
from .validate import Item, check_references

SHAREABLE = ("criteria", "emission_factors", "indicators", "categories")  # the folders of content/ a source holds
SHARED_KINDS = frozenset(TYPES_BY_FOLDER[folder].kind for folder in SHAREABLE)
SEPARATOR = ":"


def shared_languages(languages: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The languages a shared file may be written in: the catalogue's (its default first, which every text must
    have), then every other language the generator speaks. A network writes its definitions in all of them for
    catalogues of any languages; each catalogue shows the texts in its own."""
    if languages is None:
        return None
    return (*languages, *(language for language in LOCALES if language not in languages))


def shared_path(label: str, path: str) -> str:
    """The path a shared file is named by: keino@2024.1:content/criteria/x.yaml."""
    return f"{label}{SEPARATOR}{path}"


def source_of(path: str) -> str | None:
    """The identifier of the source a shared item's path names (keino), None for the catalogue's own file."""
    if path.startswith("content/") or SEPARATOR not in path:
        return None
    return path.split(SEPARATOR, 1)[0].split("@", 1)[0]


def shareable(path: str) -> bool:
    """Whether a file of a source's content/ is read: one of the SHAREABLE folders."""
    parts = path.split("/")
    return len(parts) >= 3 and parts[1] in SHAREABLE


def folder_problem(path: str) -> ContentError:
    return ContentError(path, 1, "file", network_problems.SHARED_FOLDER(
        folders=", ".join(f"content/{folder}/" for folder in SHAREABLE)))


def check_shared_items(items: list[Item]) -> list[ContentError]:
    """What a shared item may not say, being the same for every catalogue: who adopted a criteria set, an
    indicator's measured values or its organisation; and a name of anything outside the shared sources."""
    found = []
    for item in items:
        fields = item.fields
        if item.kind == "criteria_set" and fields["adopted_by"]:
            found.append(ContentError(item.path, item.lines.get("adopted_by", item.line), "adopted_by",
                                      network_problems.SHARED_ADOPTED_BY()))
        if item.kind == "indicator":
            if fields["computed"] is None:
                found.append(ContentError(item.path, item.line, "computed", network_problems.SHARED_NOT_COMPUTED()))
            if fields["values"]:
                found.append(ContentError(item.path, item.lines.get("values", item.line), "values",
                                          network_problems.SHARED_VALUES()))
            if fields["computed"] and fields["computed"]["organisation"] is not None:
                found.append(ContentError(item.path, item.lines.get("computed.organisation", item.line),
                                          "computed.organisation", network_problems.SHARED_ORGANISATION()))
    return found + check_references(items, {})


def shadowing(items: list[Item]) -> list[ContentError]:
    """A shared item the catalogue defines again: an error at the catalogue's file naming both (validate.check_unique
    leaves such pairs to this)."""
    shared = {}
    for item in items:
        if source_of(item.path) is not None:
            shared.setdefault((item.kind, item.id), item)
    errors = []
    for item in items:
        other = shared.get((item.kind, item.id))
        if other is not None and source_of(item.path) is None:
            message = network_problems.SHARED_SHADOWED(
                kind=problems.KIND_NAMES[item.kind](), id=item.id, source=source_of(other.path),
                place=f"{other.path}:{other.lines.get('id', other.line)}")
            errors.append(ContentError(item.path, item.lines.get("id", item.line), "id", message))
    return errors


def check_shared(items: list[Item], config: Config | None) -> list[ContentError]:
    """Everything about the shared items of a catalogue: what they may say, shadowing, the adoptions."""
    shared = [item for item in items if source_of(item.path) is not None]
    if not shared and (config is None or not config.shared):
        return []
    return [*check_shared_items(shared), *shadowing(items), *(check_adoptions(items, config) if config else [])]


def check_adoptions(items: list[Item], config: Config) -> list[ContentError]:
    """Each adoption names a criteria set of its source and organisations of the catalogue."""
    organisations = sorted(item.id for item in items if item.kind == "organisation")
    known = set(organisations)
    found = []
    for index, source in enumerate(config.shared):
        own = [item for item in items if source_of(item.path) == source.id]
        if not own:  # not read: site_config.yaml's line says why
            continue
        sets = sorted(item.id for item in own if item.kind == "criteria_set")
        for position, adoption in enumerate(source.adopted):
            where = f"shared[{index}].adopted[{position}]"
            if adoption.criteria_set not in sets:
                found.append(ContentError(CONFIG_FILE, adoption.line, f"{where}.criteria_set",
                                          network_problems.ADOPTED_UNKNOWN(source=source.id, id=adoption.criteria_set,
                                                                           hint=suggestion(adoption.criteria_set,
                                                                                           sets))))
            found += [ContentError(CONFIG_FILE, adoption.line, f"{where}.organisations", problems.UNKNOWN_REFERENCE(
                kind=problems.KIND_ORGANISATION(), id=name, hint=suggestion(name, organisations)))
                for name in adoption.organisations if name not in known]
    return found
