"""Atom feeds (RFC 4287) and iCalendar files (RFC 5545), for each language of the site.

Atom: the whole site (`atom.xml`), each organisation and each category
(`organisaatiot/<id>/atom.xml`, `kategoriat/<id>/atom.xml`). Entries are task
completions, dated by their completion date, and each action's current status,
dated by its `updated` date. The changes feed (`muutokset.xml`) has one entry for
each commit that touched an action's file, from the content's git history; it is
written only when that history could be read.

iCalendar: the due dates of open tasks as all-day events, for the whole site
(`tehtavat.ics`) and each organisation (`organisaatiot/<id>/tehtavat.ics`).

Both are built with a writer that escapes everything, dated only by content dates
and `as_of` (never the clock), so rebuilding gives the same bytes.
"""

from __future__ import annotations

import datetime
import heapq
import urllib.parse
import uuid
from xml.etree import ElementTree

from ..base.addresses import page_path
from ..content.i18n import translations
from ..content.progress import OPEN_STATES
from ..site.views import Editions, Site

ATOM = "http://www.w3.org/2005/Atom"
SITE_FEED = "atom.xml"
SITE_CALENDAR = "tehtavat.ics"
CHANGES_FEED = "muutokset.xml"
FEED_NAME = "atom.xml"
CALENDAR_NAME = "tehtavat.ics"


def pages(site: Site, page_type) -> list:
    """The feed and calendar files of one language, as pages made by the producers below."""
    found = [page_type(SITE_FEED, "", {"kind": "site", "node_id": ""}, producer="atom"),
             page_type(SITE_CALENDAR, "", {"kind": "site", "node_id": ""}, producer="ical")]
    if site.history.available:
        found.append(page_type(CHANGES_FEED, "", {}, producer="changes"))
    for node in site.organisations:
        found.append(page_type(page_path("organisation", node.id) + FEED_NAME, "",
                               {"kind": "organisation", "node_id": node.id}, producer="atom"))
        found.append(page_type(page_path("organisation", node.id) + CALENDAR_NAME, "",
                               {"kind": "organisation", "node_id": node.id}, producer="ical"))
    for node in site.categories:
        found.append(page_type(page_path("category", node.id) + FEED_NAME, "",
                               {"kind": "category", "node_id": node.id}, producer="atom"))
    return found


def node_name(node: dict) -> str:
    """A category's name, or an organisation's name with its abbreviation beside it, as the site's pages show them."""
    abbreviation = getattr(node, "abbreviation", None)
    return f"{node.name} ({abbreviation})" if abbreviation else node.name


def links_for(page, site: Site) -> list[dict]:
    """The feeds a page announces in its <head> and lists: the site's (first), its organisation's or category's,
    and the changes feed when there is one. `node` tells a page's own feeds from the site-wide ones."""
    gettext = translations(site.language).gettext
    found = [{"type": "application/atom+xml", "title": gettext("Kaikki toimenpiteet: tehtävät ja eteneminen"),
              "url": site.root + SITE_FEED, "node": False}]
    for kind in ("organisation", "category"):
        node = page.context.get(kind)
        if node is not None:
            found.append({"type": "application/atom+xml", "title": f"{node_name(node)}: "
                          + gettext("tehtävät ja eteneminen"), "url": node.url + FEED_NAME, "node": True})
            if kind == "organisation":
                found.append({"type": "text/calendar", "title": f"{node_name(node)}: " + gettext("tehtävien määräajat"),
                              "url": node.url + CALENDAR_NAME, "node": True})
    if site.history.available:
        found.append({"type": "application/atom+xml", "title": gettext("Kaikki toimenpiteet: muutokset"),
                      "url": site.root + CHANGES_FEED, "node": False})
    return found


def scope_of(site: Site, kind: str, identifier: str) -> tuple[dict | None, list[dict]]:
    """The node a feed is about (None for the whole site) and its actions, sub-units and sub-categories included."""
    if kind == "site":
        return None, site.actions
    nodes = site.organisations if kind == "organisation" else site.categories
    node = next(node for node in nodes if node.id == identifier)
    return node, node.all_actions


def stable_id(site: Site, key: str) -> str:
    """A permanent identifier that does not change when the site moves host (one per language's feed)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"katalogi:{site.root}{key}").urn


def timestamp(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


FEED_ENTRIES = 100  # the newest entries, as feeds usually keep: a reader polls, it does not archive


def feed_entries(site: Site, actions: list, fragments) -> list[dict]:
    """Task completions and current statuses, the newest FEED_ENTRIES, newest first."""
    entries = []
    for action in actions:
        entries += fragments.value(("feed", site.language, action.id), lambda action=action: action_entries(
            site, action))
    newest = heapq.nlargest(FEED_ENTRIES, entries, key=lambda entry: (entry["updated"], entry["key"]))
    return [{**entry, "id": stable_id(site, entry["key"])} for entry in newest]


def action_entries(site: Site, action) -> list[dict]:
    """An action's completed tasks and its current status, as entries of the feeds that list it."""
    gettext = translations(site.language).gettext
    entries = []
    for index, task in enumerate(action.tasks):
        if task.state == "completed" and task.completed:
            entries.append({"key": f"{action.id}/tasks/{index}/completed",
                            "title": gettext("Tehty") + f": {task.name} ({action.id} {action.name})",
                            "updated": task.completed, "url": action.url,
                            "summary": task.comment or task.name})
    if action.updated:
        status = action.status
        entries.append({"key": f"{action.id}/status/{status.id}/{action.updated}",
                        "title": f"{action.id} {action.name}: {status.label}",
                        "updated": action.updated, "url": action.url,
                        "summary": gettext("Eteneminen") + f": {status.label}"
                        + (f". {action.status_reason}" if action.status_reason else "")})
    return entries


def sub(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag, attributes)
    element.text = text
    return element


def address(site: Site, url: str) -> str:
    return site.config.absolute(url) or url


def atom(site: Site, editions: Editions, fragments, kind: str, node_id: str) -> str:
    """One Atom feed; every text is escaped by ElementTree."""
    node, actions = scope_of(site, kind, node_id)
    gettext = translations(site.language).gettext
    entries = feed_entries(site, actions, fragments)
    title = site.config.title if node is None else f"{site.config.title}: {node_name(node)}"
    feed_path = site.root + (SITE_FEED if node is None else node.url[len(site.root):] + FEED_NAME)
    feed = ElementTree.Element("feed", {"xmlns": ATOM, "xml:lang": site.language})
    sub(feed, "title", title)
    sub(feed, "subtitle", gettext("Tehtävien valmistuminen ja toimenpiteiden eteneminen"))
    sub(feed, "id", stable_id(site, feed_path))
    sub(feed, "updated", timestamp(max([entry["updated"] for entry in entries], default=site.config.as_of)))
    sub(feed, "link", rel="self", type="application/atom+xml", href=address(site, feed_path))
    sub(feed, "link", rel="alternate", type="text/html", href=address(site, site.root if node is None else node.url))
    author = sub(feed, "author")
    sub(author, "name", site.config.title)
    sub(feed, "generator", "katalogi")
    for entry in entries:
        element = sub(feed, "entry")
        sub(element, "title", entry["title"])
        sub(element, "id", entry["id"])
        sub(element, "updated", timestamp(entry["updated"]))
        sub(element, "link", rel="alternate", type="text/html", href=address(site, entry["url"]))
        sub(element, "summary", entry["summary"])
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"


def change_entries(site: Site) -> list[dict]:
    """One entry per commit and action file, the newest FEED_ENTRIES, newest first."""
    entries = ({"action": action, "change": change, "key": (change.when, change.commit, action.source)}
               for action in site.actions for change in action.history)
    return heapq.nlargest(FEED_ENTRIES, entries, key=lambda entry: entry["key"])


def change_id(change, path: str, language: str) -> str:
    """A tag: URI (RFC 4151) from the commit and the file: the same entry on every build and every host."""
    return f"tag:katalogi,{change.date.isoformat()}:{language}/{change.commit}/{urllib.parse.quote(path)}"


def utc_timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def round_entries(site: Site, rounds) -> list[dict]:
    """One entry per reporting round (rounds.py), dated by the round: its label, its counts, a link to its page."""
    gettext, ngettext = translations(site.language).gettext, translations(site.language).ngettext
    found = []
    for entry in rounds.rounds if rounds is not None else ():
        summary = entry.editions.by_language.get(site.language, entry.editions.default).dashboard["overall"]
        text = ngettext("%(num)s toimenpide, joista %(completed)s valmiina.",
                        "%(num)s toimenpidettä, joista %(completed)s valmiina.", summary["total"]) % {
            "num": summary["total"], "completed": summary["completed"]}
        found.append({"title": f"{gettext('Raportti')}: {entry.label(site.language)}", "summary": text,
                      "id": f"tag:katalogi,{entry.date.isoformat()}:{site.language}/round/"
                            f"{urllib.parse.quote(entry.tag.name)}",
                      "updated": timestamp(entry.date), "url": f"{site.root}raportit/{entry.slug}/",
                      "key": datetime.datetime.combine(entry.date, datetime.time(), datetime.UTC)})
    return found


def changes(site: Site, editions: Editions, fragments, rounds=None) -> str:
    """The changes feed: each commit that touched an action's file, titled by the action, summarised by its message;
    and each reporting round, titled by its label."""
    gettext = translations(site.language).gettext
    entries = [{"title": f"{entry['action'].id} {entry['action'].name}", "summary": entry["change"].message,
                "id": change_id(entry["change"], entry["action"].source, site.language),
                "updated": utc_timestamp(entry["change"].when), "url": entry["action"].url,
                "key": entry["change"].when} for entry in change_entries(site)]
    entries = sorted([*entries, *round_entries(site, rounds)], key=lambda entry: entry["key"], reverse=True)
    feed_path = site.root + CHANGES_FEED
    feed = ElementTree.Element("feed", {"xmlns": ATOM, "xml:lang": site.language})
    sub(feed, "title", f"{site.config.title}: " + gettext("muutokset"))
    sub(feed, "subtitle", gettext("Toimenpiteiden muutokset versionhallinnan mukaan"))
    sub(feed, "id", stable_id(site, feed_path))
    sub(feed, "updated", entries[0]["updated"] if entries else timestamp(site.config.as_of))
    sub(feed, "link", rel="self", type="application/atom+xml", href=address(site, feed_path))
    sub(feed, "link", rel="alternate", type="text/html", href=address(site, site.root))
    author = sub(feed, "author")
    sub(author, "name", site.config.title)
    sub(feed, "generator", "katalogi")
    for entry in entries:
        element = sub(feed, "entry")
        sub(element, "title", entry["title"])
        sub(element, "id", entry["id"])
        sub(element, "updated", entry["updated"])
        sub(element, "link", rel="alternate", type="text/html", href=address(site, entry["url"]))
        sub(element, "summary", entry["summary"])
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"


def escape_text(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space, never splitting a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and encoded[end] & 0xC0 == 0x80:  # never cut inside a character
            end -= 1
        parts.append(encoded[start:end].decode("utf-8"))
        start, limit = end, 74  # the leading space of a continuation line counts
    return "\r\n ".join(parts)


def ical(site: Site, editions: Editions, fragments, kind: str, node_id: str) -> str:
    """Open tasks with a due date as all-day events (CRLF line ends, folded lines, escaped text)."""
    node, actions = scope_of(site, kind, node_id)
    config = site.config
    host = (config.site_url or "").split("://")[-1] or "katalogi.invalid"
    name = config.title if node is None else f"{config.title}: {node_name(node)}"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//katalogi//{site.language}",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}"]
    events = "".join(fragments.text("ical", site.language, action.id, lambda action=action: events_of(
        site, action, host)) for action in actions)
    return "".join(fold(line) + "\r\n" for line in lines) + events + "END:VCALENDAR\r\n"


def events_of(site: Site, action, host: str) -> str:
    """An action's open tasks with a due date as calendar events, as lines of the calendar."""
    config = site.config
    stamp = config.as_of.strftime("%Y%m%dT000000Z")
    lines = []
    for index, task in enumerate(action.tasks):
        if task.state not in OPEN_STATES or task.due is None:
            continue
        lines += [
            "BEGIN:VEVENT",
            f"UID:{action.id}-{index}{config.base_path.replace('/', '.').rstrip('.')}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{task.due.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(task.due + datetime.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(task.name)}",
            f"DESCRIPTION:{escape_text(action.id + ' ' + action.name)}",
            *([f"URL:{config.absolute(action.url)}"] if config.site_url else []),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    return "".join(fold(line) + "\r\n" for line in lines)


PRODUCERS = {"atom": atom, "ical": ical, "changes": changes}
