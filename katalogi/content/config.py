"""site_config.yaml -> a frozen Config, with every problem collected."""

from __future__ import annotations

import datetime
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..base import coordination, problems, procurement_problems, said
from ..base.errors import ContentError
from ..base.paths import CONFIG_FILE
from .attributes import Attributes, declarations
from .checker import Checker, Invalid, quoted
from .codes import LANGUAGES
from .field_types import Choice, Date
from .i18n import missing_translations
from .load import Document, parse_document, read_document
from .network import Member, SharedSource, member_settings, shared_settings
from .schema import ListOf
from .settings import SITE_CONFIG

DERIVED_STATUSES = ("not_started", "on_time", "late")  # the ids a status derived from tasks can have
BASE_PATH = re.compile(r"/(?:(?!\.\.?/)[A-Za-z0-9._~-]+/)*")
LOOKS_LIKE_A_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def missing_for_deriving(declared) -> list[str]:
    """The statuses deriving from tasks needs that `declared` (status ids) lacks: the site's
    status_from and an action's own both need all three."""
    return [status for status in DERIVED_STATUSES if status not in declared]


@dataclass(frozen=True)
class Status:
    id: str
    label: str
    colour: str
    completed: bool
    final: bool

    @property
    def closes(self) -> bool:
        """A completed or final status stays as set even when statuses are derived from tasks."""
        return self.completed or self.final

    @functools.cached_property
    def text_colour(self) -> str:
        """Black or white, whichever contrasts more with the badge (WCAG 2.1 luminance)."""
        return "#000000" if contrast(self.colour, "#000000") >= contrast(self.colour, "#ffffff") else "#ffffff"


@dataclass(frozen=True)
class HistorySettings:
    """Which commits are the public history (site_config.yaml's `history`); the default takes every commit."""

    enabled: bool = True
    since_date: datetime.date | None = None  # commits on or after this day, as the committer's calendar showed it
    since_commit: str = ""  # a commit or tag as written: the commits after it, not the commit itself
    content_only: bool = False  # only commits that changed nothing outside the catalogue's content/
    line: int = 1  # of `since` in site_config.yaml, for a commit git cannot find

    @property
    def since(self) -> str:
        """`since` as written (a date or a commit), empty when every commit counts."""
        return self.since_commit or (self.since_date.isoformat() if self.since_date else "")


@dataclass(frozen=True)
class RoundSettings:
    """A reporting round's label and date as site_config.yaml's `reports.rounds` gives them (None: from the tag)."""

    tag: str
    label: object = None  # a text, or Translated
    date: datetime.date | None = None


@dataclass(frozen=True)
class ReportSettings:
    """Which tags are reporting rounds (site_config.yaml's `reports`), the labels and dates written there, and how
    many late actions the council report lists for each division."""

    tags: str = "raportti/*"
    rounds: tuple[RoundSettings, ...] = ()
    late_actions: int = 10

    def written(self, tag: str) -> RoundSettings:
        return next((entry for entry in self.rounds if entry.tag == tag), RoundSettings(tag))


@dataclass(frozen=True)
class EditorSettings:
    """The web editor at /admin/ (site_config.yaml's `editor`); off by default, so a site ships no Decap CMS
    unless it asks for it."""

    enabled: bool = False
    backend: str = "github"
    repo: str = ""
    branch: str = "main"
    base_url: str = ""
    auth_endpoint: str = ""
    app_id: str = ""
    api_root: str = ""


@dataclass(frozen=True)
class DependencyRole:
    """A role a dependency between actions can have (site_config.yaml's dependency_roles)."""

    id: str
    label: object  # a text, or Translated until localised
    reverse_label: object


@dataclass(frozen=True)
class ReminderSettings:
    """What `remind` reminds of (site_config.yaml's `reminders`): tasks due within `due_within_days`, actions not
    updated for `not_updated_months` (None: stale_after_months)."""

    due_within_days: int = 14
    not_updated_months: int | None = None
    sender: str | None = None


@dataclass(frozen=True)
class BuyerSettings:
    """One buyer of the notices, by its registration number or name, as an organisation of the catalogue."""

    organisation: str
    registration_number: str | None = None
    name: str | None = None
    line: int = 1  # in site_config.yaml, for the import's messages


@dataclass(frozen=True)
class ProcurementSettings:
    """site_config.yaml's `procurements`: the ocid prefix of the OCDS export, and the notices' buyers."""

    ocid_prefix: str = "ocds-katalogi"
    buyers: tuple[BuyerSettings, ...] = ()


GREEN_CRITERIA = ("eu", "national", "other")  # BT-805 values that mean some green criteria were used


@dataclass(frozen=True)
class Target:
    """A target for the green share: the city's (organisation "") or one organisation's, and where it is written."""

    organisation: str
    value: float  # per cent
    line: int = 1


@dataclass(frozen=True)
class GreenShare:
    """The one definition of the green share of procurements (site_config.yaml's `green_share`): which BT-805
    criteria count, and the targets, all for the share by `measure` (euros or count)."""

    criteria: tuple[str, ...] = GREEN_CRITERIA
    measure: str = "euros"
    targets: tuple[Target, ...] = ()

    def target_of(self, organisation) -> Target | None:
        """The target of an organisation: its own, else that of the nearest organisation above it that has one,
        else the city's; None when no target is set. `organisation` None asks for the city's."""
        own = {target.organisation: target for target in self.targets}
        for node in (organisation, *reversed(organisation.ancestors)) if organisation is not None else ():
            if node.id in own:
                return own[node.id]
        return own.get("")


DEFAULT_LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}


@dataclass(frozen=True)
class Config:
    """The site settings; texts are Translated values until `i18n.localise_config` picks a language."""

    title: str
    description: str | None
    languages: tuple[str, ...]
    language: str  # of the pages being made; the default language (languages[0]) until localised
    site_url: str | None
    base_path: str
    notice: str | None
    as_of: datetime.date
    show_contact_email: bool
    status_from: str
    stale_after_months: int
    statuses: tuple[Status, ...]
    licence: dict
    accessibility: dict | None
    missing_translations: tuple = ()  # ContentWarnings for site_config.yaml's own texts
    history: HistorySettings = HistorySettings()
    reports: ReportSettings = ReportSettings()
    editor: EditorSettings = EditorSettings()
    dependency_roles: tuple[DependencyRole, ...] = ()
    attributes: Attributes = Attributes()
    reminders: ReminderSettings = ReminderSettings()
    as_of_written: bool = False  # as_of is site_config.yaml's, not the build's date
    procurements: ProcurementSettings = ProcurementSettings()
    green_share: GreenShare = GreenShare()
    shared: tuple[SharedSource, ...] = ()  # the shared definitions it uses (content/network.py)
    members: tuple[Member, ...] = ()  # the catalogues it compares

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def language_root(self, language: str | None = None) -> str:
        """Where the pages of a language start: the base path, or /sv/ below it."""
        language = language or self.language
        return self.base_path if language == self.languages[0] else f"{self.base_path}{language}/"

    def absolute(self, url: str) -> str | None:
        """`url` (a path on this site) as an absolute address, or None without site_url."""
        return self.site_url + url if self.site_url else None

    def status(self, status_id: str) -> Status:
        return next(status for status in self.statuses if status.id == status_id)

    def dependency_role(self, role_id: str | None) -> DependencyRole | None:
        return next((role for role in self.dependency_roles if role.id == role_id), None)


def relative_luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def build_date() -> datetime.date:
    """Today, or the date of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


def configured_languages(data) -> tuple[str, ...]:
    """The languages as written, for checking the texts of the same file; (fi,) until they are valid."""
    written = data.get("languages") if isinstance(data, dict) else None
    if not written:
        return ("fi",)
    languages = ListOf(Choice(LANGUAGES)).check(written, "languages", 1, Checker(CONFIG_FILE))
    return tuple(languages) if languages and None not in languages else ("fi",)


def history_settings(fields: dict | None, checker: Checker) -> HistorySettings:
    """`history` as written: `since` is a date when it looks like one (YYYY-MM-DD), otherwise a commit for git.

    Whether git knows the commit is found out when the history is read (history.py),
    so that loading the configuration never runs git.
    """
    if not fields:
        return HistorySettings()
    since, line = fields["since"], checker.lines.get("history.since", 1)
    since_date, since_commit = None, ""
    if since is not None and LOOKS_LIKE_A_DATE.fullmatch(since):
        try:
            since_date = Date().parse(since)
        except Invalid as problem:
            checker.error(line, "history.since", problem.message)
    elif since is not None and not since.startswith("-"):  # git says whether it names a commit
        since_commit = since
    elif since is not None:  # git would read it as an option
        checker.error(line, "history.since", problems.SINCE_INVALID(value=quoted(since)))
    return HistorySettings(fields["enabled"], since_date, since_commit, fields["commits"] == "content_only", line)


def report_settings(fields: dict | None) -> ReportSettings:
    """`reports` as written: the tag pattern, each round's label and date, the late actions listed."""
    if not fields:
        return ReportSettings()
    return ReportSettings(fields["tags"], tuple(RoundSettings(entry["tag"], entry["label"], entry["date"])
                                                for entry in fields["rounds"] if entry), fields["late_actions"])


def green_share_settings(fields: dict | None, lines: dict[str, int]) -> GreenShare:
    """`green_share` as written: the criteria (each once, in the order written), the measure and the targets."""
    if not fields:
        return GreenShare()
    targets = [Target("", fields["target"], lines.get("green_share.target", 1))] if fields["target"] is not None \
        else []
    targets += [Target(entry["organisation"], entry["target"], lines.get(f"green_share.targets[{index}]", 1))
                for index, entry in enumerate(fields["targets"]) if entry]
    criteria = tuple(dict.fromkeys(fields["criteria"])) or GREEN_CRITERIA
    return GreenShare(criteria, fields["measure"], tuple(targets))


def procurement_settings(fields: dict | None, checker: Checker) -> ProcurementSettings:
    """`procurements` as written; a buyer needs its registration number or its name."""
    if not fields:
        return ProcurementSettings()
    buyers = []
    for index, buyer in enumerate(fields["buyers"]):
        if not buyer:
            continue
        line = checker.lines.get(f"procurements.buyers[{index}]", 1)
        if buyer["registration_number"] is None and buyer["name"] is None:
            checker.error(line, f"procurements.buyers[{index}]", procurement_problems.BUYER_WITHOUT_KEY())
        buyers.append(BuyerSettings(buyer["organisation"], buyer["registration_number"], buyer["name"], line))
    return ProcurementSettings(fields["ocid_prefix"], tuple(buyers))


def load_config(project: Path) -> tuple[Config | None, list[ContentError]]:
    """Read and check site_config.yaml in the project folder."""
    document, errors = read_document(project / CONFIG_FILE, CONFIG_FILE)
    if document is None:
        return None, errors
    return checked_config(document)


def config_from_bytes(raw: bytes, path: str = CONFIG_FILE) -> tuple[Config | None, list[ContentError]]:
    """Check a site_config.yaml given as bytes: a reporting round's, as git holds it at the round's tag."""
    document, errors = parse_document(raw, path)
    return checked_config(document) if document is not None else (None, errors)


def checked_config(document: Document) -> tuple[Config | None, list[ContentError]]:
    """The Config of a parsed site_config.yaml, or every problem in it."""
    languages = configured_languages(document.data)
    checker = Checker(CONFIG_FILE, languages)
    fields = SITE_CONFIG.check(document.data, "", document.data.line, checker)
    base_path = fields["base_path"]
    if base_path is not None and not base_path.endswith("/"):
        base_path += "/"
    if base_path is not None and not BASE_PATH.fullmatch(base_path):
        checker.error(checker.lines.get("base_path", 1), "base_path",
                      problems.BASE_PATH_INVALID(value=quoted(fields["base_path"])))
    seen: dict[str, int] = {}
    for index, status in enumerate(fields["statuses"]):
        if status and status["id"] in seen:
            checker.error(checker.lines[f"statuses[{index}]"], f"statuses[{index}].id",
                          problems.DUPLICATE_STATUS(id=status["id"], line=seen[status["id"]]))
        elif status:
            seen[status["id"]] = checker.lines[f"statuses[{index}]"]
    missing = missing_for_deriving(seen)
    if fields["status_from"] == "tasks" and missing:
        checker.error(checker.lines.get("statuses", 1), "statuses", problems.DERIVED_STATUSES_MISSING(
            needed=", ".join(DERIVED_STATUSES), missing=", ".join(missing)))
    if len(set(fields["languages"])) != len(fields["languages"]):
        checker.error(checker.lines.get("languages", 1), "languages", problems.LANGUAGE_TWICE())
    history = history_settings(fields["history"], checker)
    attributes = declarations(fields["attributes"], checker)
    roles: dict[str, int] = {}
    for index, role in enumerate(fields["dependency_roles"]):
        if role and role["id"] in roles:
            checker.error(checker.lines[f"dependency_roles[{index}]"], f"dependency_roles[{index}].id",
                          coordination.DEPENDENCY_ROLE_TWICE(id=role["id"], line=roles[role["id"]]))
        elif role:
            roles[role["id"]] = checker.lines[f"dependency_roles[{index}]"]
    procurement = procurement_settings(fields["procurements"], checker)
    shared, members = shared_settings(fields["shared"], checker), member_settings(fields["members"], checker)
    editor = fields["editor"]
    if editor and editor["enabled"] and not editor["repo"]:  # the published /admin/ would not start without it
        checker.error(checker.lines.get("editor", 1), "editor.repo", said.EDITOR_REPO_REQUIRED())
    if checker.errors:
        return None, checker.errors
    config = Config(**{
        **fields,
        "languages": languages,
        "language": languages[0],
        "licence": fields["licence"] or DEFAULT_LICENCE,
        "missing_translations": tuple(missing_translations(CONFIG_FILE, 1, SITE_CONFIG, fields, checker.lines,
                                                           languages)),
        "base_path": base_path,
        "as_of": fields["as_of"] or build_date(),
        "as_of_written": fields["as_of"] is not None,
        "statuses": tuple(Status(**status) for status in fields["statuses"]),
        "history": history,
        "reports": report_settings(fields["reports"]),
        "green_share": green_share_settings(fields["green_share"], checker.lines),
        "editor": EditorSettings(**{name: value for name, value in (fields["editor"] or {}).items()
                                    if value is not None}),
        "dependency_roles": tuple(DependencyRole(**role) for role in fields["dependency_roles"]),
        "attributes": attributes,
        "reminders": ReminderSettings(**{name: value for name, value in (fields["reminders"] or {}).items()
                                         if value is not None}),
        "procurements": procurement,
        "shared": shared,
        "members": members,
    })
    return config, []
