"""Sending e-mail over SMTP, configured by environment variables only (no secret is ever in the repository).

    KATALOGI_SMTP_HOST       the mail server (required to send)
    KATALOGI_SMTP_PORT       its port; default 587 with starttls, 465 with tls, 25 with none
    KATALOGI_SMTP_SECURITY   starttls (default), tls (SMTPS) or none (a server on the same machine)
    KATALOGI_SMTP_USER       the user name to log in with, if the server asks for one
    KATALOGI_SMTP_PASSWORD   its password
    KATALOGI_SMTP_CA_FILE    a CA certificate to trust besides the system's (a city's own CA)
    KATALOGI_MAIL_FROM       the sender's address (site_config.yaml's reminders.sender is the default)

Each message is sent on its own: a refused recipient costs that message only; a dropped connection ends
the run, and the messages not sent yet are reported as such. `send_all` says which were sent, as it goes.
"""

from __future__ import annotations

import base64
import contextlib
import smtplib
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage

from ..base import coordination
from ..base.errors import Failure

SECURITY = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
TIMEOUT = 60  # seconds a server may take to answer


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: str | None = None


def smtp_settings(environ: Mapping[str, str]) -> SmtpSettings:
    """The mail server as the environment names it; a Failure says which variable is missing or wrong."""
    host = environ.get("KATALOGI_SMTP_HOST", "").strip()
    if not host:
        raise Failure(coordination.SMTP_NOT_SET(variable="KATALOGI_SMTP_HOST"))
    security = environ.get("KATALOGI_SMTP_SECURITY", "starttls").strip().lower() or "starttls"
    if security not in SECURITY:
        raise Failure(coordination.SMTP_BAD_SECURITY(variable="KATALOGI_SMTP_SECURITY", value=security))
    port_text = environ.get("KATALOGI_SMTP_PORT", "").strip()
    if port_text and not (port_text.isdigit() and 0 < int(port_text) < 65536):
        raise Failure(coordination.SMTP_BAD_PORT(variable="KATALOGI_SMTP_PORT", value=port_text))
    return SmtpSettings(host, int(port_text) if port_text else DEFAULT_PORTS[security], security,
                        environ.get("KATALOGI_SMTP_USER") or None, environ.get("KATALOGI_SMTP_PASSWORD") or None,
                        environ.get("KATALOGI_SMTP_CA_FILE") or None)


def connect(settings: SmtpSettings) -> smtplib.SMTP:
    """A logged-in connection, encrypted unless the security is none; certificates are verified."""
    context = ssl.create_default_context(cafile=settings.ca_file)
    if settings.security == "tls":
        server: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=TIMEOUT, context=context)
    else:
        server = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT)
    try:
        if settings.security == "starttls":
            server.starttls(context=context)
        if settings.user:
            login(server, settings.user, settings.password or "")
    except BaseException:
        server.close()  # a refused login or certificate leaves no socket open
        raise
    return server


def login(server: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH PLAIN with the name and password in UTF-8 (RFC 4616), as smtplib's login cannot send a password
    with å or ä; a server without PLAIN gets smtplib's own mechanisms."""
    server.ehlo_or_helo_if_needed()
    if "PLAIN" not in server.esmtp_features.get("auth", "").upper().split():
        server.login(user, password)
        return
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
    code, response = server.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, response)


def reason_of(error: BaseException) -> str:
    """What went wrong, in the server's or the system's words."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {text.decode('utf-8', 'replace')}" for code, text in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) \
            else str(error.smtp_error)
        return f"{error.smtp_code} {text}"
    return str(error) or type(error).__name__


@dataclass
class Outcome:
    """What became of each message, by its index: sent, or not sent with the reason."""

    sent: list[int] = field(default_factory=list)
    unsent: list[tuple[int, str]] = field(default_factory=list)
    failure: str | None = None  # why the connection failed, when it did (the rest was not tried)


def send_all(settings: SmtpSettings, messages: list[EmailMessage], sent: Callable[[int], None]) -> Outcome:
    """Send each message; `sent(index)` is called as soon as the server has accepted one."""
    outcome = Outcome()
    try:
        server = connect(settings)
    except (OSError, smtplib.SMTPException) as error:
        outcome.failure = reason_of(error)
        outcome.unsent = [(index, outcome.failure) for index in range(len(messages))]
        return outcome
    for index, message in enumerate(messages):
        try:
            server.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:  # this recipient only: the next message may go
            outcome.unsent.append((index, reason_of(error)))
            continue
        except (smtplib.SMTPServerDisconnected, OSError) as error:  # the connection is gone: so is the rest
            outcome.failure = reason_of(error)
            outcome.unsent += [(rest, outcome.failure) for rest in range(index, len(messages))]
            server.close()
            return outcome
        except smtplib.SMTPResponseException as error:  # this message refused (too big, its sender, ...)
            outcome.unsent.append((index, reason_of(error)))
            continue
        outcome.sent.append(index)
        sent(index)
    with contextlib.suppress(OSError, smtplib.SMTPException):  # every message is accepted: a failed goodbye
        server.quit()                                          # loses nothing
    return outcome
