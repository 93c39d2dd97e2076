"""`import notices PATH...`: eForms notices merged into content/procurements/, all files or none.

Every notice is read and checked first; any problem anywhere (a file that is not a
notice, an unknown buyer, an amount in another currency, an unknown CPV code) is
reported at its place in its file, and then nothing is written. The records are then
merged with the same rules as the CSV import (procurement_import.py): a record is
found by its procedure (BT-04) and lot (BT-137) wherever it is, a new one goes into
content/procurements/<year>.yaml, each file is written sorted by identifier in one
format, and the fields a notice does not give (actions, criteria_sets, example) stay.

A record lists the notices it was made from (identifier and version). The notices of
one run are applied oldest first (by dispatch date, then prior information before
contract notice before award), so a contract award notice moves its procedure's
records from the tender to the contract stage, with their estimate kept as
`estimated_value`; git keeps what they were. A notice already listed at the same or a
later version changes nothing, which makes importing the same notices again change
nothing; a later version of a listed notice, or a change notice of it (BT-758), replaces
what it gave, fields it no longer has included; the notice a listed change notice
changes, imported after it, only joins the list. A notice of an earlier stage than the
record's (a change of the contract notice after the award) updates only what describes
the procurement, not its stage, date or value.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ...base import procurement_problems as notice_problems
from ...base.errors import BuildFailed, ContentError
from ...base.parallel import parallel_map
from ...content.config import Config
from ...content.load import Document
from ...content.model import TYPES_BY_KIND
from ...content.validate import Item, check_document
from ..edits import write_all
from ..procurement_import import FIELD_ORDER, FOLDER, Stored, plain_data, read_stored, records_text, single_text
from .fields import read_notice
from .parse import NoticeFile, notice_files, read_tree
from .records import Buyers, Proposal, proposals_of

RANK = {"planning": 0, "tender": 1, "contract": 2}
NOTICE_FIELDS = ("name", "organisation", "stage", "date", "value", "estimated_value", "cpv_codes", "gpp_criteria",
                 "gpp_aims", "clean_vehicles", "notice_url", "procedure", "lot")
DESCRIPTIVE = ("name", "organisation", "cpv_codes", "gpp_criteria", "gpp_aims", "clean_vehicles", "procedure", "lot")


@dataclass(frozen=True)
class Imported:
    """What an import did: files and notices read, the lots (records) they describe, and of those the records
    added, changed and left as they were."""

    files: int
    notices: int
    lots: int
    added: int
    changed: int
    same: int
    written: tuple[str, ...]


@dataclass
class FileRead:
    """What one notice file gives: its digest, the notice's identifier and version, the lots, the problems."""

    digest: str
    key: tuple[str, str] | None  # (notice identifier, version); None: no identifier, or no notice at all
    line: int  # of the identifier
    proposals: list[Proposal]
    errors: list[ContentError]


def read_file(file: NoticeFile, config: Config, buyers: Buyers) -> FileRead:
    """One notice file read, mapped and checked: independent of every other file, so files are read on every
    core."""
    raw = file.path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    root, errors = read_tree(raw, file.shown_as)
    if root is None:
        return FileRead(digest, None, 1, [], errors)
    notice = read_notice(root, file.shown_as)
    key = (notice.id.text, notice.version.text if notice.version else "") if notice.id is not None else None
    made, found = proposals_of(notice, config, buyers)
    return FileRead(digest, key, notice.id.line if notice.id else 1, made,
                    found + [error for proposal in made for error in checked(proposal, config)])


def read_notices(paths: list[Path], shown: list[str], config: Config, buyers: Buyers
                 ) -> tuple[int, int, list[Proposal], list[ContentError]]:
    """The files read, the notices among them (each notice and version once), each lot's proposal, and every
    problem."""
    files, errors = notice_files(paths, shown)
    weights = [max(1, file.path.stat().st_size // 20_000) for file in files]  # a big notice is many files' work
    results = parallel_map(functools.partial(read_file, config=config, buyers=buyers), files, weights=weights)
    seen: dict[tuple[str, str], tuple[str, str]] = {}  # (notice, version) -> (digest, file)
    proposals, notices = [], 0
    for file, result in zip(files, results, strict=True):
        if result.key is not None:
            if result.key in seen:
                if seen[result.key][0] != result.digest:
                    errors.append(ContentError(file.shown_as, result.line, "BT-701", notice_problems.NOTICE_TWICE(
                        id=result.key[0], version=result.key[1] or "–", other=seen[result.key][1])))
                continue
            seen[result.key] = (result.digest, file.shown_as)
        errors += result.errors
        proposals += result.proposals
        notices += result.key is not None or bool(result.proposals)
    return len(files), notices, proposals, errors


def checked(proposal: Proposal, config: Config) -> list[ContentError]:
    """What the content check says of the record, at the notice's lines, each field named by its business term."""
    _, errors = check_document(TYPES_BY_KIND["procurement"], Document(proposal.notice.path, proposal.record),
                               config.languages)
    return [ContentError(error.path, error.line, proposal.terms.get(error.field.split("[")[0].split(".")[0],
                                                                    error.field), error.message)
            for error in errors]


def version_key(entry: dict) -> tuple[int, str]:
    version = str(entry.get("version", ""))
    return (int(version) if version.isdigit() else -1, version)


def notice_order(entry: dict) -> tuple:
    """A record's notices, oldest first; on one day, a change after what it changes."""
    return (str(entry.get("date")), entry.get("kind") == "change", str(entry.get("id")), version_key(entry))


def order(proposal: Proposal) -> tuple:
    """Oldest notice first; on one day, the earlier stage first, a change after what it changes."""
    entry = proposal.entry
    return (entry["date"], RANK[proposal.stage], entry["kind"] == "change", entry["id"], version_key(entry),
            proposal.lot.id.text)


def merged(old: dict | None, new: dict) -> dict | None:
    """The record after the notice: `new` (what the notice's lot gives) over `old`; None when the record lists the
    notice already, at the same or a later version."""
    entry = new["notices"][0]
    listed = list(old.get("notices") or []) if old else []
    same = next((notice for notice in listed if notice.get("id") == entry["id"]), None)
    if same is not None and version_key(same) >= version_key(entry):
        return None
    if old is None:
        return new
    notices = sorted([notice for notice in listed if notice.get("id") != entry["id"]] + [entry], key=notice_order)
    if any(str(notice.get("changes", "")).startswith(entry["id"]) for notice in listed):
        return {**old, "notices": notices}  # a change notice of it came first and says what it should have said
    changes = str(entry.get("changes", ""))
    replaces = same is not None or any(changes == f"{notice.get('id')}-{notice.get('version', '')}"
                                       or changes.startswith(str(notice.get("id"))) for notice in listed)
    result = dict(old)
    old_rank, new_rank = RANK.get(old.get("stage", "tender"), 1), RANK[new["stage"]]
    for field in NOTICE_FIELDS if new_rank >= old_rank else DESCRIPTIVE:
        if field in new:
            result[field] = new[field]
        elif replaces:
            result.pop(field, None)
    if new_rank > old_rank and new["stage"] == "contract" and "estimated_value" not in new \
            and old.get("value") is not None:
        result["estimated_value"] = old["value"]  # the call for tenders' estimate, now that value is the contract's
    if new_rank < old_rank and "value" in new:
        result["estimated_value"] = new["value"]
    result["notices"] = notices
    return {key: result[key] for key in [*FIELD_ORDER, *result] if key in result}


def other_procedures(proposals: list[Proposal], stored_files: dict[str, Stored]) -> list[ContentError]:
    """A change notice changes a notice of its own procedure (BT-04), whether that notice is imported already or
    now."""
    procedure_of = {str(notice.get("id")): str(record.get("procedure")) for stored in stored_files.values()
                    for record in stored.records for notice in record.get("notices") or ()}
    procedure_of.update((proposal.entry["id"], proposal.record["procedure"]) for proposal in proposals)
    errors = []
    for proposal in proposals:
        changes = proposal.entry.get("changes")
        if not changes:
            continue
        original = procedure_of.get(changes) or procedure_of.get(changes.rsplit("-", 1)[0])  # id, or id-version
        if original is not None and original != proposal.record["procedure"] and proposal.lot is \
                proposal.notice.lots[0]:
            errors.append(ContentError(proposal.notice.path, (proposal.notice.procedure or proposal.notice.id).line,
                                       "BT-04", notice_problems.NOTICE_OTHER_PROCEDURE(
                                           procedure=proposal.record["procedure"], changed=changes,
                                           original=original)))
    return errors


def import_notices(root: Path, paths: list[Path], shown: list[str], catalogue: list[Item], config: Config
                   ) -> Imported:
    """Read and check every notice of `paths`, then merge their lots into the procurement files; raise BuildFailed
    (and write nothing) when anything is wrong. `shown`: the paths as messages name them."""
    organisations = [item for item in catalogue if item.kind == "organisation"]
    buyers = Buyers({item.fields["business_id"]: item.id for item in organisations if item.fields["business_id"]},
                    frozenset(item.id for item in organisations), config)
    files, notices, proposals, errors = read_notices(paths, shown, config, buyers)
    stored_files, where, unreadable = read_stored(root)
    by_lot = {(str(record.get("procedure")), str(record.get("lot"))): (stored, record)
              for stored in stored_files.values() for record in stored.records if record.get("procedure")}
    errors += other_procedures(proposals, stored_files)
    for proposal in proposals:
        clash = where.get(proposal.record["id"])
        if clash is not None and proposal.key not in by_lot:
            errors.append(ContentError(proposal.notice.path, proposal.lot.id.line, "BT-04",
                                       notice_problems.NOTICE_RECORD_CLASH(
                                           id=proposal.record["id"], path=clash.path.relative_to(root).as_posix())))
    if errors or unreadable:
        raise BuildFailed(errors + unreadable)
    touched: dict[str, Stored] = {}
    added: set[str] = set()
    changed: set[str] = set()
    for proposal in sorted(proposals, key=order):
        new = plain_data(proposal.record)
        stored, old = by_lot.get(proposal.key, (None, None))
        result = merged(old, new)
        if result is None or result == old:
            continue
        if stored is None:
            relative = f"{FOLDER}/{new['date'][:4]}.yaml"
            stored = stored_files.setdefault(relative, Stored(root / relative, [], True))
            stored.records.append(result)
            added.add(result["id"])
        else:
            stored.records[next(index for index, record in enumerate(stored.records) if record is old)] = result
            if result["id"] not in added:
                changed.add(result["id"])
        by_lot[proposal.key] = (stored, result)
        touched[stored.path.relative_to(root).as_posix()] = stored
    write_all({stored.path: (records_text(stored.records, stored.header) if stored.many
                             else single_text(stored.records[0], stored.header)).encode("utf-8")
               for _, stored in sorted(touched.items())})
    lots = len({proposal.key for proposal in proposals})
    return Imported(files, notices, lots, len(added), len(changed), lots - len(added) - len(changed),
                    tuple(sorted(touched)))
