"""Where a shared definition comes from, as every page that shows it says: the source, its version and commit."""

from __future__ import annotations

from dataclasses import dataclass

from ..base.addresses import page_path
from ..content.config import Config
from ..content.network import SharedSource
from ..content.shared import source_of


@dataclass(frozen=True)
class Origin:
    """The shared source an item was read from (content/network.py's SharedSource, read), in one language."""

    id: str
    name: str
    kind: str  # folder or repository
    where: str  # the folder, or the repository's address, as site_config.yaml writes it
    version: str  # the pinned tag or commit as written; "" for a folder
    commit: str  # the commit the version names; "" for a folder
    url: str  # the source's page on this site: /yhteiset/<id>/

    @property
    def short_commit(self) -> str:
        return self.commit[:12]


def origin_of(source: SharedSource, root: str) -> Origin:
    location = source.location
    return Origin(source.id, source.name, location.kind, location.folder or location.repository, location.version,
                  source.commit, root + page_path("shared", source.id))


def origins(config: Config) -> dict[str, Origin]:
    """Each shared source of a site by identifier, as its pages name it."""
    root = config.language_root()
    return {source.id: origin_of(source, root) for source in config.shared}


def origin_of_item(path: str, known: dict[str, Origin]) -> Origin | None:
    """The origin of an item by its path (None for the catalogue's own)."""
    source = source_of(path)
    return known.get(source) if source is not None else None
