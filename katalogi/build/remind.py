"""`remind`: e-mail each contact person what waits for them, once a day at most for each thing.

The catalogue is checked and linked as `build` does (the history from git gives actions' update dates), on
the `--as-of` day (default: today, or SOURCE_DATE_EPOCH's); outputs/reminders.py says who gets what and
outputs/reminder_mail.py writes the messages. Without `--send` they are written as .eml files to read or
open in a mail program; with it they go over SMTP (mail.py, configured by environment variables).

What was sent is recorded in the project, in RECORD (.katalogi-reminders.json), by day, contact and thing:
a second run on the same day sends only what is new since the first, and a message that was not sent (a
refused recipient, a dropped connection) is not recorded, so the next run sends it. The record is part of
the project rather than of the build cache because deleting the cache must never send anyone the same
reminder twice; the scheduled CI job commits it back (docs/ci.md). It keeps the last KEEP_DAYS days.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..base import coordination
from ..base.errors import Failure
from ..content.config import build_date
from ..inputs.sources import Project
from ..outputs.reminder_mail import message
from ..outputs.reminders import Reminder, reminders
from ..site.views import Contact
from .engine import Engine
from .filters import format_date
from .mail import Outcome, send_all, smtp_settings

RECORD = ".katalogi-reminders.json"
FORMAT = "katalogi reminders 1"
KEEP_DAYS = 62
DEFAULT_OUT = "reminders"  # below the project, without --out


@dataclass
class Reminded:
    """What a run did: the reminders made, written or sent, and what could not be."""

    as_of: datetime.date
    made: list[Reminder] = field(default_factory=list)  # with only what was not yet sent that day
    written: list[Path] = field(default_factory=list)  # .eml files, without --send
    sent: list[Reminder] = field(default_factory=list)
    unsent: list[tuple[Reminder, str]] = field(default_factory=list)  # (the reminder, why)
    already: int = 0  # contacts whose every thing was already sent that day
    no_address: list[Contact] = field(default_factory=list)  # contacts with something to do and no e-mail
    failure: str | None = None  # why the connection to the mail server failed
    server: str = ""  # host:port, when sending

    @property
    def items(self) -> int:
        return sum(len(reminder.items) for reminder in self.made)


def read_record(path: Path) -> dict[str, dict[str, list[str]]]:
    """What was sent, by day and contact; an unreadable record stops the run (it would send everything again)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise Failure(coordination.RECORD_UNREADABLE(path=path.name, reason=str(error))) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("sent"), dict):
        raise Failure(coordination.RECORD_UNREADABLE(path=path.name, reason=FORMAT))
    return data["sent"]


def write_record(path: Path, sent: dict[str, dict[str, list[str]]], as_of: datetime.date) -> None:
    """The record, atomically (a run cut short leaves the last whole one), its days before KEEP_DAYS dropped."""
    oldest = (as_of - datetime.timedelta(days=KEEP_DAYS)).isoformat()
    kept = {day: contacts for day, contacts in sorted(sent.items()) if day >= oldest}
    text = json.dumps({"format": FORMAT, "sent": kept}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)


def not_yet_sent(found: list[Reminder], sent_today: dict[str, list[str]], reminded: Reminded) -> list[Reminder]:
    """Each reminder with only the things its contact was not told yet today; contacts without an address and
    those told everything already are counted aside."""
    pending = []
    for reminder in found:
        if not reminder.contact.email:
            reminded.no_address.append(reminder.contact)
            continue
        told = set(sent_today.get(reminder.contact.id, ()))
        new = tuple(due for due in reminder.items if due.key not in told)
        if new:
            pending.append(Reminder(reminder.contact, new))
        else:
            reminded.already += 1
    return pending


def remind(project: Project, as_of: datetime.date | None = None, out: Path | None = None, send: bool = False,
           environ: Mapping[str, str] = os.environ) -> Reminded:
    """Work out, then write or send, every contact's reminder for the day."""
    as_of = as_of or build_date()
    editions = Engine(project, as_of=as_of).linked(with_inputs=False).editions
    site = editions.default
    record_path = project.root / RECORD
    sent = read_record(record_path)
    reminded = Reminded(as_of)
    reminded.made = not_yet_sent(reminders(site, as_of), sent.get(as_of.isoformat(), {}), reminded)
    sender = environ.get("KATALOGI_MAIL_FROM") or site.config.reminders.sender
    if send and not sender:
        raise Failure(coordination.SMTP_NOT_SET(variable="KATALOGI_MAIL_FROM"))
    settings = smtp_settings(environ) if send else None
    messages = [message(reminder, editions, as_of, sender or "katalogi@localhost", format_date)
                for reminder in reminded.made]
    if not send:
        folder = out or project.root / DEFAULT_OUT
        folder.mkdir(parents=True, exist_ok=True)
        for reminder, mail in zip(reminded.made, messages, strict=True):
            path = folder / f"{as_of.isoformat()}-{reminder.contact.id}.eml"
            path.write_bytes(mail.as_bytes())
            reminded.written.append(path)
        return reminded
    reminded.server = f"{settings.host}:{settings.port}"
    today = sent.setdefault(as_of.isoformat(), {})

    def record(index: int) -> None:  # as soon as the server took it: a run cut short after it loses nothing
        reminder = reminded.made[index]
        today.setdefault(reminder.contact.id, [])
        today[reminder.contact.id] = sorted({*today[reminder.contact.id], *(due.key for due in reminder.items)})
        write_record(record_path, sent, as_of)
        reminded.sent.append(reminder)

    outcome: Outcome = send_all(settings, messages, record)
    reminded.unsent = [(reminded.made[index], reason) for index, reason in outcome.unsent]
    reminded.failure = outcome.failure
    return reminded


def report(reminded: Reminded) -> list[tuple[object, bool]]:
    """What the command says, each line a message and whether it is a problem (said on stderr)."""
    lines: list[tuple[object, bool]] = []
    if reminded.no_address:
        names = ", ".join(f"{contact.name} ({contact.id})" for contact in reminded.no_address)
        lines.append((coordination.REMINDER_NO_ADDRESS(count=len(reminded.no_address), contacts=names), True))
    if reminded.already:
        lines.append((coordination.REMINDERS_ALREADY_SENT(count=reminded.already), False))
    if reminded.failure is not None:
        host, _, port = reminded.server.rpartition(":")
        lines.append((coordination.SMTP_FAILED(host=host, port=port, reason=reminded.failure), True))
    for reminder, reason in reminded.unsent:
        lines.append((coordination.REMINDER_NOT_SENT(contact=reminder.contact.name, email=reminder.contact.email,
                                                     reason=reason), True))
    items = coordination.COUNT_REMINDER_ITEMS(count=reminded.items)
    if not reminded.made:
        lines.append((coordination.REMINDERS_NONE(date=reminded.as_of.isoformat()), False))
    elif reminded.written:
        folder = reminded.written[0].parent
        lines.append((coordination.REMINDERS_WRITTEN(count=len(reminded.written), out=folder, items=items), False))
    else:
        sent_items = coordination.COUNT_REMINDER_ITEMS(count=sum(len(reminder.items) for reminder in reminded.sent))
        lines.append((coordination.REMINDERS_SENT(count=len(reminded.sent), items=sent_items), False))
        if reminded.unsent:
            lines.append((coordination.REMINDERS_UNSENT(count=len(reminded.unsent)), True))
    return lines
