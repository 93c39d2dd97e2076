"""A reminder as an e-mail: one message per contact, in the contact's language, listing what waits for them
with a link to each page (reminders.py works out what).

Plain text, UTF-8, with a Message-ID made from the day and the contact, so a message written twice is the
same message. The texts are UI strings of the site's catalogues (messages.po), like the pages'.
"""

from __future__ import annotations

import datetime
import email.utils
from email.message import EmailMessage
from email.policy import SMTP
from urllib.parse import urlsplit

from ..content.i18n import translations
from ..site.views import Editions, Site
from .reminders import DUE_SOON, INDICATOR_DUE, KINDS, NOT_UPDATED, OVERDUE, Due, Reminder


def language_of(reminder: Reminder, editions: Editions) -> str:
    """The contact's language when the site has it, else the site's default language."""
    language = reminder.contact.language
    return language if language in editions.by_language else editions.default.language


def link(site: Site, url: str) -> str:
    """A page's whole address (site_config.yaml's site_url), else its path."""
    return site.config.absolute(url) or url


def headings(gettext, site: Site) -> dict[str, str]:
    settings = site.config.reminders
    months = settings.not_updated_months or site.config.stale_after_months
    return {
        OVERDUE: gettext("Myöhässä olevat tehtävät"),
        DUE_SOON: gettext("Tehtävät, joiden määräaika on %(days)s päivän sisällä") % {"days": settings.due_within_days},
        NOT_UPDATED: gettext("Toimenpiteet, joita ei ole päivitetty %(months)s kuukauteen") % {"months": months},
        INDICATOR_DUE: gettext("Mittarit, joiden seuraava arvo on kirjattava"),
    }


def item_lines(due: Due, site: Site, gettext, as_of: datetime.date, date) -> list[str]:
    """One thing to do, in the language of `site`: what, its date, and the page's address."""
    if due.indicator is not None:
        indicator = next(node for node in site.indicators if node.id == due.indicator.id)
        return [f"- {indicator.name}: " + gettext("seuraava arvo %(date)s") % {"date": date(due.date)},
                f"  {link(site, indicator.url)}"]
    action = site.actions_by_id[due.action.id]
    title = f"{action.id} {action.name}"
    if due.kind == NOT_UPDATED:
        when = (gettext("päivitetty viimeksi %(date)s") % {"date": date(due.date)} if due.date
                else gettext("ei päivitystietoa"))
        return [f"- {title}: {when}", f"  {link(site, action.url)}"]
    task = action.tasks[due.task.position]
    if due.kind == OVERDUE:
        when = gettext("määräaika oli %(date)s, %(days)s päivää sitten") % {"date": date(due.date),
                                                                            "days": (as_of - due.date).days}
    else:
        when = gettext("määräaika %(date)s") % {"date": date(due.date)}
    return [f"- {title}", f"  {task.name}: {when}", f"  {link(site, action.url)}"]


def message_text(reminder: Reminder, site: Site, as_of: datetime.date, date) -> str:
    """The body: a greeting, each kind of thing with its items, and why the message came."""
    gettext = translations(site.language).gettext
    titles = headings(gettext, site)
    lines = [gettext("Hei %(name)s,") % {"name": reminder.contact.name}, "",
             gettext("nämä asiat odottavat sinua sivustolla %(site)s %(date)s:") % {
                 "site": site.config.title, "date": date(as_of)}]
    for kind in KINDS:
        items = [due for due in reminder.items if due.kind == kind]
        if items:
            lines += ["", f"{titles[kind]}:"]
            for due in items:
                lines += item_lines(due, site, gettext, as_of, date)
    lines += ["", gettext("Tämä on automaattinen muistutus. Kun tehtävä on tehty, merkitse se tehdyksi "
                          "toimenpiteen tietoihin."), link(site, site.root)]
    return "\n".join(lines) + "\n"


def message(reminder: Reminder, editions: Editions, as_of: datetime.date, sender: str, date) -> EmailMessage:
    """The e-mail of one reminder; `date(day, language)` writes a day as the pages do."""
    language = language_of(reminder, editions)
    site = editions[language]
    count = len(reminder.items)
    mail = EmailMessage(policy=SMTP)
    mail["From"] = sender
    mail["To"] = email.utils.formataddr((reminder.contact.name, reminder.contact.email or ""))
    mail["Subject"] = translations(language).ngettext(
        "%(site)s: %(count)s asia odottaa sinua", "%(site)s: %(count)s asiaa odottaa sinua", count) % {
        "site": site.config.title, "count": count}
    mail["Date"] = email.utils.format_datetime(datetime.datetime.combine(as_of, datetime.time(6),
                                                                         datetime.UTC))
    domain = urlsplit(site.config.site_url).hostname if site.config.site_url else "katalogi.invalid"
    mail["Message-ID"] = f"<reminder-{as_of.isoformat()}-{reminder.contact.id}@{domain}>"
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to an automatic message
    mail.set_content(message_text(reminder, site, as_of, lambda day: date(day, language)))
    mail["Content-Language"] = language  # after the content, which sets the Content-* headers anew
    return mail
