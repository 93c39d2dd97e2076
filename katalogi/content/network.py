"""site_config.yaml's network: the shared definitions a catalogue uses (`shared`) and the catalogues a comparison
site reads (`members`), each a folder or a git repository at a version, as written and checked.

Nothing here runs git or reads a folder: where a source is and what it holds is found out when the
sources are read (inputs/remote.py, inputs/shared.py), so loading the configuration stays quick.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..base import network_problems
from .checker import Checker

FOLDER, REPOSITORY = "folder", "repository"


@dataclass(frozen=True)
class Location:
    """Where a source or a member is: a folder, or a git repository (an address or a folder) at a version."""

    folder: str = ""
    repository: str = ""
    version: str = ""  # a tag or commit (shared), also a branch (members)

    @property
    def kind(self) -> str:
        return FOLDER if self.folder else REPOSITORY

    @property
    def written(self) -> str:
        """As site_config.yaml writes it: the folder, or the repository and its version."""
        return self.folder or f"{self.repository} @ {self.version}"


@dataclass(frozen=True)
class Adoption:
    """A shared criteria set adopted by organisations of the catalogue, since a day."""

    criteria_set: str
    organisations: tuple[str, ...]
    since: datetime.date
    line: int = 1


@dataclass(frozen=True)
class SharedSource:
    """One source of shared definitions, and the criteria sets of it this catalogue adopted.

    `commit` is the commit the version names, filled in when the source is read (inputs/shared.py); "" for a
    folder and until then."""

    id: str
    name: object  # a text, or Translated; the identifier when not written
    location: Location
    adopted: tuple[Adoption, ...] = ()
    line: int = 1
    commit: str = ""

    @property
    def label(self) -> str:
        """How the source's items are named in problems and paths: keino@2024.1 (keino for a folder)."""
        return f"{self.id}@{self.location.version}" if self.location.repository else self.id

    def pinless(self) -> SharedSource:
        """The source without where it is: what every page depends on (a moved pin changes only the pages that show
        the source's items, through their files)."""
        return SharedSource(self.id, self.name, Location(), self.adopted, self.line)


@dataclass(frozen=True)
class Member:
    """A catalogue a comparison site reads and compares with the others."""

    id: str
    location: Location
    line: int = 1


def location_of(fields: dict, where: str, line: int, checker: Checker, what, pinned: bool) -> Location | None:
    """A folder, or a repository with its version; None (and an error) when it is not clear which."""
    folder, repository, version = fields["folder"], fields["repository"], fields["version"]
    if bool(folder) == bool(repository):
        checker.error(line, where, network_problems.SOURCE_WHERE(what=what()))
        return None
    if repository and not version:
        problem = network_problems.SOURCE_NO_VERSION if pinned else network_problems.MEMBER_NO_VERSION
        checker.error(line, f"{where}.version", problem())
        return None
    return Location(folder or "", repository or "", (version or "") if repository else "")


def unique_ids(entries: list[tuple[str, int, str]], checker: Checker) -> set[str]:
    """The identifiers written twice, each an error at its second place."""
    seen: dict[str, int] = {}
    twice = set()
    for identifier, line, where in entries:
        if identifier in seen:
            checker.error(line, where, network_problems.SOURCE_TWICE(id=identifier, line=seen[identifier]))
            twice.add(identifier)
        else:
            seen[identifier] = line
    return twice


def adoptions_of(written: list, where: str, checker: Checker) -> tuple[Adoption, ...]:
    found: dict[str, Adoption] = {}
    for index, entry in enumerate(written):
        if not entry or entry["criteria_set"] is None or entry["since"] is None:
            continue
        line = checker.lines.get(f"{where}.adopted[{index}]", 1)
        if entry["criteria_set"] in found:
            checker.error(line, f"{where}.adopted[{index}].criteria_set", network_problems.ADOPTED_TWICE(
                id=entry["criteria_set"], line=found[entry["criteria_set"]].line))
            continue
        organisations = tuple(dict.fromkeys(name for name in entry["organisations"] if name))
        found[entry["criteria_set"]] = Adoption(entry["criteria_set"], organisations, entry["since"], line)
    return tuple(found.values())


def shared_settings(written: list, checker: Checker) -> tuple[SharedSource, ...]:
    """`shared` as written: each source's place and the adoptions, every source named once."""
    sources, named = [], []
    for index, entry in enumerate(written):
        if not entry or entry["id"] is None:
            continue
        where, line = f"shared[{index}]", checker.lines.get(f"shared[{index}]", 1)
        named.append((entry["id"], line, f"{where}.id"))
        location = location_of(entry, where, line, checker, network_problems.WHAT_SHARED, pinned=True)
        if location is not None:
            sources.append(SharedSource(entry["id"], entry["name"] or entry["id"], location,
                                        adoptions_of(entry["adopted"], where, checker), line))
    unique_ids(named, checker)
    return tuple(sources)


def member_settings(written: list, checker: Checker) -> tuple[Member, ...]:
    """`members` as written, each named once."""
    members, named = [], []
    for index, entry in enumerate(written):
        if not entry or entry["id"] is None:
            continue
        where, line = f"members[{index}]", checker.lines.get(f"members[{index}]", 1)
        named.append((entry["id"], line, f"{where}.id"))
        location = location_of(entry, where, line, checker, network_problems.WHAT_MEMBER, pinned=False)
        if location is not None:
            members.append(Member(entry["id"], location, line))
    unique_ids(named, checker)
    return tuple(members)
