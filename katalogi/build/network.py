"""The network in the engine: the shared sources' pin moves and the comparison of the members, read once per
update after the catalogue itself has checked, and kept between updates and builds.

The members' figures are kept in the build cache (`MemberStore`, .katalogi-cache/members/), each under a key
of everything it was made from (reporting.members.member_key): a member whose commit (or folder) and pins
did not change is not read again. What the build's fingerprint needs of them (`members_state`) is found
without reading their content: a repository member's commit, a folder member's files' digest.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..base.errors import ContentError, split
from ..content.config import Config
from ..content.shared import shared_languages
from ..content.validate import Item
from ..inputs.git import locate
from ..inputs.remote import Repositories
from ..inputs.shared_changes import shared_moves
from ..reporting.comparison import NO_NETWORK, Comparison, Network, definitions_of
from ..reporting.members import Located, MemberResult, locate_member, read_members, state_of
from ..reporting.rounds import Checked
from .cache import keep, read_kept

MEMBERS = "members"  # the folder of the members' figures in the build cache


class MemberStore:
    """Each member's figures by its identifier, with the key they were made under: in memory (the dev server) and
    in the build cache (a later build)."""

    def __init__(self, cache_folder: Path | None):
        self.folder = cache_folder / MEMBERS if cache_folder is not None else None
        self.kept: dict[str, tuple[str, MemberResult]] = {}

    def get(self, member: str, key: str) -> MemberResult | None:
        found = self.kept.get(member) or read_kept(self.folder, f"{member}.pickle")
        if isinstance(found, tuple) and len(found) == 2 and found[0] == key:
            self.kept[member] = found
            return found[1]
        return None

    def put(self, member: str, key: str, result: MemberResult) -> None:
        self.kept[member] = (key, result)
        keep(self.folder, f"{member}.pickle", (key, result))


class NetworkReader:
    """One project's network, read for each update: members through the store, pin moves while HEAD and the pins
    are as they were."""

    def __init__(self, root: Path, repositories: Repositories, checks: Checked, cache_folder: Path | None,
                 jobs: int | None = None, history: bool = True, strict: bool = False):
        self.root, self.repositories, self.checks, self.jobs = root, repositories, checks, jobs
        self.history, self.strict = history, strict
        self.store = MemberStore(cache_folder)
        self.moves_read: tuple[tuple, dict] | None = None
        self.located: tuple[tuple, list[Located]] | None = None  # by the last `state`, for the next `read`
        self.last_state = ""  # what the members were last read (or looked at) from

    def locate(self, config: Config | None) -> list[Located]:
        """Where each member is and what it would be read from, without reading its content; the last `look`'s
        when the members are the same (a build looks, then updates)."""
        if config is None or not config.members:
            return []
        if self.located is not None and self.located[0] == config.members:
            located, self.located = self.located[1], None
            return located
        return [locate_member(member, self.root, self.repositories) for member in config.members]

    def state(self, config: Config | None) -> str:
        """What the members would be read from, for the build's fingerprint; kept for the update that follows."""
        located = self.locate(config)
        self.located = (config.members, located) if located else None
        self.last_state = state_of(located) if located else ""
        return self.last_state

    def read(self, config: Config, items: list[Item], found: list[ContentError]) -> Network:
        """The network of a catalogue whose own content checked; none while it has errors (they come first)."""
        located = self.locate(config)
        self.last_state = state_of(located) if located else ""
        if split(found)[0] or not (config.members or config.shared):
            return NO_NETWORK
        comparison = Comparison()
        if config.members:
            definitions = definitions_of(items, config)
            comparison = Comparison(read_members(located, self.repositories, definitions, self.store, self.jobs,
                                                 self.strict), definitions)
        return Network(comparison, self.moves(config))

    def moves(self, config: Config) -> dict:
        """The shared sources' pin moves (inputs/shared_changes.py), read again when HEAD or the pins changed."""
        if not self.history or not any(source.location.repository for source in config.shared):
            return {}
        repository, _ = locate(self.root)
        key = (repository.head if repository else "", repr(config.shared), config.languages)
        if self.moves_read is None or self.moves_read[0] != key:
            moves = shared_moves(self.root, config.shared, self.root, self.repositories,
                                 lambda files: self.checks.check_all(files, shared_languages(config.languages)),
                                 config.default_language) if repository else {}
            self.moves_read = (key, moves)
        return self.moves_read[1]


def shared_digests(config: Config, network: Network) -> dict[tuple, bytes]:
    """("shared source", id) -> a digest of what its page shows besides its items: where it is, its version and
    commit, and its pin moves; with the members' digests (Network.digests)."""
    found = network.comparison.digests()
    for source in config.shared:
        shown = (source, network.moves.get(source.id, ()))
        found["shared source", source.id] = hashlib.blake2b(repr(shown).encode(), digest_size=16).digest()
    return found
