"""`remind`: who gets what on a fixed day, the messages in each contact's language, and sending through a
real SMTP server on the loopback address (aiosmtpd): a refused recipient, a dropped connection, nothing twice."""

from __future__ import annotations

import datetime
import email
import json
import socket
import ssl
import subprocess
import textwrap
from email import policy

import pytest
from click.testing import CliRunner
from conftest import TINY_CONFIG

from katalogi.base.errors import Failure
from katalogi.build.mail import SmtpSettings, smtp_settings
from katalogi.build.remind import RECORD, remind
from katalogi.cli import cli
from katalogi.inputs.sources import Project

aiosmtpd = pytest.importorskip("aiosmtpd", reason="the SMTP tests need aiosmtpd (pip install 'katalogi[test]')")
from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult  # noqa: E402

AS_OF = datetime.date(2020, 1, 15)
CONFIG = TINY_CONFIG.replace("as_of: 2020-01-15\n", "as_of: 2019-06-01\nlanguages: [fi, sv]\n") + textwrap.dedent("""\
    site_url: https://toimet.example.org
    reminders:
      due_within_days: 14
      not_updated_months: 6
      sender: Ohjelmatoimisto <ohjelma@example.org>
    """)
CATALOGUE = {
    "content/contacts/mia.yaml": "id: mia\nname: Mia Malin\nemail: mia@example.org\nlanguage: fi\n",
    "content/contacts/sven.yaml": "id: sven\nname: Sven Svensson\nemail: sven@example.org\nlanguage: sv\n",
    "content/contacts/olli.yaml": "id: olli\nname: Olli Osoitteeton\n",
    "content/contacts/tiina.yaml": "id: tiina\nname: Tiina Toinen\nemail: tiina@example.org\n",
    "content/actions/1.yaml": textwrap.dedent("""\
        id: "1"
        name:
          fi: Ensimmäinen
          sv: Första
        description: Kuvaus.
        contacts: [mia, sven]
        status: on_time
        updated: 2019-07-01
        tasks:
          - name: Tehty
            state: completed
            completed: 2019-03-01
          - name: Myöhässä
            due: 2020-01-10
          - name: Pian
            state: in_progress
            due: 2020-01-29
          - name: Myöhemmin
            due: 2020-01-30
          - name: Peruttu
            state: cancelled
            due: 2020-01-01
        """),
    "content/actions/2.yaml": textwrap.dedent("""\
        id: "2"
        name: Toinen
        description: Kuvaus.
        contacts: [sven, olli]
        status: done
        tasks:
          - name: Unohtunut
            due: 2019-12-01
        """),
    "content/actions/3.yaml": textwrap.dedent("""\
        id: "3"
        name: Kolmas
        description: Kuvaus.
        contacts: [sven]
        status: on_time
        merged_into: "1"
        tasks:
          - name: Siirtyi
            due: 2019-12-01
        """),
    "content/actions/4.yaml": textwrap.dedent("""\
        id: "4"
        name: Neljäs
        description: Kuvaus.
        contacts: [olli, tiina]
        status: on_time
        updated: 2020-01-02
        tasks:
          - name: Olli unohti
            due: 2020-01-14
        """),
    "content/indicators/osuus.yaml": textwrap.dedent("""\
        id: osuus
        name: Osuus
        interval_months: 12
        contacts: [sven]
        values:
          - date: 2019-01-20
            value: 12
        """),
    "content/indicators/kertyma.yaml": textwrap.dedent("""\
        id: kertyma
        name: Kertymä
        interval_months: 12
        contacts: [mia]
        values:
          - date: 2019-02-28
            value: 3
        """),
}


@pytest.fixture
def catalogue(project):
    return project(CATALOGUE, config=CONFIG)


def run(root, *args: str, env: dict | None = None):
    return CliRunner().invoke(cli, ["remind", "-C", str(root), "--no-history", "--as-of", AS_OF.isoformat(), *args],
                              env=env, catch_exceptions=False)


def test_who_gets_what_on_a_fixed_day(catalogue):
    done = remind(Project(catalogue, history=False), AS_OF, catalogue / "out")
    assert {reminder.contact.id: [due.key for due in reminder.items] for reminder in done.made} == {
        # overdue, then due within 14 days (the 29th, not the 30th), then not updated for six months (before
        # 2019-07-15); not the completed or cancelled task; nothing of the closed action 2 or the merged 3
        "mia": ["overdue:1:1:2020-01-10", "due_soon:1:2:2020-01-29", "not_updated:1:2019-07-01"],
        # also the indicator whose next value (2019-01-20 plus 12 months) is due on the 20th
        "sven": ["overdue:1:1:2020-01-10", "due_soon:1:2:2020-01-29", "not_updated:1:2019-07-01",
                 "indicator_due:osuus:2020-01-20"],
        "tiina": ["overdue:4:0:2020-01-14"],
    }
    assert [contact.id for contact in done.no_address] == ["olli"]  # kertyma's next value is not due until March


def test_the_messages_speak_each_contacts_language_and_link_the_pages(catalogue):
    done = remind(Project(catalogue, history=False), AS_OF, catalogue / "out")
    assert sorted(path.name for path in done.written) == [
        "2020-01-15-mia.eml", "2020-01-15-sven.eml", "2020-01-15-tiina.eml"]
    mia = email.message_from_bytes((catalogue / "out/2020-01-15-mia.eml").read_bytes(), policy=policy.default)
    assert mia["To"] == "Mia Malin <mia@example.org>"
    assert mia["From"] == "Ohjelmatoimisto <ohjelma@example.org>"
    assert mia["Subject"] == "Testikatalogi: 3 asiaa odottaa sinua"
    assert mia["Content-Language"] == "fi"
    assert mia["Message-ID"] == "<reminder-2020-01-15-mia@toimet.example.org>"
    assert mia.get_content().replace("\r\n", "\n") == textwrap.dedent("""\
        Hei Mia Malin,

        nämä asiat odottavat sinua sivustolla Testikatalogi 15.01.2020:

        Myöhässä olevat tehtävät:
        - 1 Ensimmäinen
          Myöhässä: määräaika oli 10.01.2020, 5 päivää sitten
          https://toimet.example.org/toimenpiteet/1/

        Tehtävät, joiden määräaika on 14 päivän sisällä:
        - 1 Ensimmäinen
          Pian: määräaika 29.01.2020
          https://toimet.example.org/toimenpiteet/1/

        Toimenpiteet, joita ei ole päivitetty 6 kuukauteen:
        - 1 Ensimmäinen: päivitetty viimeksi 01.07.2019
          https://toimet.example.org/toimenpiteet/1/

        Tämä on automaattinen muistutus. Kun tehtävä on tehty, merkitse se tehdyksi toimenpiteen tietoihin.
        https://toimet.example.org/
        """)
    sven = email.message_from_bytes((catalogue / "out/2020-01-15-sven.eml").read_bytes(), policy=policy.default)
    assert sven["Content-Language"] == "sv"
    body = sven.get_content().replace("\r\n", "\n")
    assert body.startswith("Hej Sven Svensson,\n\nde här sakerna väntar på dig på webbplatsen Testikatalogi "
                           "15 jan. 2020:\n")
    assert "- 1 Första\n  Myöhässä: tidsfristen var 10 jan. 2020, för 5 dagar sedan\n" \
           "  https://toimet.example.org/sv/toimenpiteet/1/\n" in body  # a task's name is as written
    assert "Indikatorer vars nästa värde ska föras in:\n- Osuus: nästa värde 20 jan. 2020\n" \
           "  https://toimet.example.org/sv/mittarit/osuus/\n" in body
    tiina = email.message_from_bytes((catalogue / "out/2020-01-15-tiina.eml").read_bytes(), policy=policy.default)
    assert tiina["Content-Language"] == "fi"  # no language: the site's default


def test_without_send_the_command_writes_eml_files_and_says_what_it_did(catalogue):
    result = run(catalogue, "--out", str(catalogue / "mail"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "1 contact has something to be reminded of but no email: Olli Osoitteeton (olli)",
        f"Wrote 3 reminders into {catalogue / 'mail'} (8 things to do); nothing was sent.",
    ]
    assert len(list((catalogue / "mail").glob("*.eml"))) == 3
    assert not (catalogue / RECORD).exists()  # nothing was sent, so nothing is recorded


# --- SMTP on 127.0.0.1 ---

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the server accepted; it refuses the recipients in `refused` and drops the connection at message
    number `drop_at` (counting from 1), before accepting it."""

    def __init__(self, refused=(), drop_at: int | None = None):
        self.refused, self.drop_at, self.received, self.tried = set(refused), drop_at, [], 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.tried += 1
        if self.tried == self.drop_at:
            server.transport.close()  # the connection is gone in the middle of the run
            return "421 closing"
        self.received.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


@pytest.fixture
def smtp():
    started = []

    def start(inbox: Inbox, **options) -> dict:
        port = free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
        controller.start()
        started.append(controller)
        return {"KATALOGI_SMTP_HOST": "127.0.0.1", "KATALOGI_SMTP_PORT": str(port), "KATALOGI_SMTP_SECURITY": "none"}

    yield start
    for controller in started:
        controller.stop()


def recipients(inbox: Inbox) -> list[str]:
    return [message["To"].addresses[0].addr_spec for message in inbox.received]


def record(root) -> dict:
    return json.loads((root / RECORD).read_text(encoding="utf-8"))["sent"]


def test_sending_records_each_message_and_a_second_run_that_day_sends_nothing(catalogue, smtp):
    inbox = Inbox()
    env = smtp(inbox)
    result = run(catalogue, "--send", env=env)
    assert result.exit_code == 0, result.output
    assert recipients(inbox) == ["mia@example.org", "sven@example.org", "tiina@example.org"]
    assert result.output.splitlines()[-1] == "Sent 3 reminders (8 things to do)."
    assert record(catalogue) == {"2020-01-15": {
        "mia": ["due_soon:1:2:2020-01-29", "not_updated:1:2019-07-01", "overdue:1:1:2020-01-10"],
        "sven": ["due_soon:1:2:2020-01-29", "indicator_due:osuus:2020-01-20", "not_updated:1:2019-07-01",
                 "overdue:1:1:2020-01-10"],
        "tiina": ["overdue:4:0:2020-01-14"]}}
    again = run(catalogue, "--send", env=env)
    assert again.exit_code == 0, again.output
    assert len(inbox.received) == 3  # nothing twice
    assert again.output.splitlines()[-2:] == ["3 reminders were already sent today; they are not sent again.",
                                              "Nothing to remind anyone of on 2020-01-15."]


def test_something_new_on_the_same_day_is_sent_alone(catalogue, smtp):
    inbox = Inbox()
    env = smtp(inbox)
    run(catalogue, "--send", env=env)
    action = catalogue / "content/actions/4.yaml"
    action.write_text(action.read_text(encoding="utf-8") + "  - name: Uusi\n    due: 2020-01-20\n", encoding="utf-8")
    assert run(catalogue, "--send", env=env).exit_code == 0
    last = inbox.received[-1]
    assert len(inbox.received) == 4 and last["To"].addresses[0].addr_spec == "tiina@example.org"
    assert last["Subject"] == "Testikatalogi: 1 asia odottaa sinua"
    assert "Uusi: määräaika 20.01.2020" in last.get_content() and "Olli unohti" not in last.get_content()


def test_a_refused_recipient_loses_nothing_and_goes_in_the_next_run(catalogue, smtp):
    inbox = Inbox(refused={"sven@example.org"})
    env = smtp(inbox)
    result = run(catalogue, "--send", env=env)
    assert result.exit_code == 1
    assert recipients(inbox) == ["mia@example.org", "tiina@example.org"]
    assert "Sven Svensson <sven@example.org>: not sent (550 5.1.1 no such mailbox); it is sent on the next run" \
        in result.output.splitlines()
    assert result.output.splitlines()[-2:] == ["Sent 2 reminders (4 things to do).",
                                               "1 reminder was not sent; run remind --send again to send it."]
    assert set(record(catalogue)["2020-01-15"]) == {"mia", "tiina"}
    inbox.refused.clear()
    assert run(catalogue, "--send", env=env).exit_code == 0
    assert recipients(inbox) == ["mia@example.org", "tiina@example.org", "sven@example.org"]


def test_a_dropped_connection_loses_nothing_and_the_next_run_sends_the_rest(catalogue, smtp):
    inbox = Inbox(drop_at=2)
    env = smtp(inbox)
    result = run(catalogue, "--send", env=env)
    assert result.exit_code == 1
    assert recipients(inbox) == ["mia@example.org"]
    lines = result.output.splitlines()
    assert any(line.startswith(f"cannot send through 127.0.0.1:{env['KATALOGI_SMTP_PORT']}: ") for line in lines)
    assert lines[-2:] == ["Sent 1 reminder (3 things to do).",
                          "2 reminders were not sent; run remind --send again to send them."]
    assert set(record(catalogue)["2020-01-15"]) == {"mia"}
    inbox.drop_at = None
    again = run(catalogue, "--send", env=env)
    assert again.exit_code == 0, again.output
    assert recipients(inbox) == ["mia@example.org", "sven@example.org", "tiina@example.org"]  # mia once


def test_a_server_that_is_not_there_is_reported_and_nothing_is_recorded(catalogue):
    env = {"KATALOGI_SMTP_HOST": "127.0.0.1", "KATALOGI_SMTP_PORT": str(free_port()), "KATALOGI_SMTP_SECURITY": "none"}
    result = run(catalogue, "--send", env=env)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "3 reminders were not sent; run remind --send again to send them."
    assert not (catalogue / RECORD).exists()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 (openssl), trusted through KATALOGI_SMTP_CA_FILE."""
    folder = tmp_path_factory.mktemp("tls")
    done = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                           "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                           "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("openssl cannot make a certificate here")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return folder / "cert.pem", context


def authenticator(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=auth_data.login == b"ohjelma" and auth_data.password == "sälasana".encode(),
                      handled=False)  # a failure gets its 535 reply


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_an_encrypted_server_with_a_login(catalogue, smtp, certificate, security):
    cert, context = certificate
    inbox = Inbox()
    options = ({"tls_context": context, "require_starttls": True} if security == "starttls"
               else {"ssl_context": context, "auth_require_tls": False})  # aiosmtpd cannot tell TLS from the start
    env = {**smtp(inbox, authenticator=authenticator, auth_required=True, **options),
           "KATALOGI_SMTP_SECURITY": security, "KATALOGI_SMTP_CA_FILE": str(cert),
           "KATALOGI_SMTP_USER": "ohjelma", "KATALOGI_SMTP_PASSWORD": "sälasana"}  # not ASCII
    sent = run(catalogue, "--send", env=env)
    assert sent.exit_code == 0, sent.output
    assert len(inbox.received) == 3
    wrong = run(catalogue, "--as-of", "2020-01-16", "--send", env={**env, "KATALOGI_SMTP_PASSWORD": "väärä"})
    assert wrong.exit_code == 1 and "535" in wrong.output, wrong.output
    unknown_ca = run(catalogue, "--as-of", "2020-01-16", "--send", env={**env, "KATALOGI_SMTP_CA_FILE": ""})
    assert unknown_ca.exit_code == 1 and "CERTIFICATE_VERIFY_FAILED" in unknown_ca.output
    assert len(inbox.received) == 3


@pytest.mark.parametrize("environ, message", [
    ({}, "--send needs the mail server: set KATALOGI_SMTP_HOST (docs/commands.md lists the variables)"),
    ({"KATALOGI_SMTP_HOST": "smtp.example.org", "KATALOGI_SMTP_PORT": "kaksi"},
     "KATALOGI_SMTP_PORT must be a port number, got kaksi"),
    ({"KATALOGI_SMTP_HOST": "smtp.example.org", "KATALOGI_SMTP_SECURITY": "ssl"},
     "KATALOGI_SMTP_SECURITY must be one of starttls, tls or none, got ssl"),
])
def test_the_mail_servers_settings_are_checked(environ, message):
    with pytest.raises(Failure) as failure:
        smtp_settings(environ)
    assert failure.value.text("en") == message


def test_the_mail_servers_settings_and_their_defaults():
    assert smtp_settings({"KATALOGI_SMTP_HOST": "smtp.example.org"}) == SmtpSettings("smtp.example.org", 587)
    assert smtp_settings({"KATALOGI_SMTP_HOST": "smtp.example.org", "KATALOGI_SMTP_SECURITY": "TLS",
                          "KATALOGI_SMTP_USER": "u", "KATALOGI_SMTP_PASSWORD": "p"}) == SmtpSettings(
        "smtp.example.org", 465, "tls", "u", "p")
    assert "salainen" not in repr(SmtpSettings("h", 1, password="salainen"))  # a password is never shown


def test_send_without_a_sender_or_a_server_says_what_to_set(project):
    root = project(CATALOGUE, config=CONFIG.replace("  sender: Ohjelmatoimisto <ohjelma@example.org>\n", ""))
    result = run(root, "--send", env={"KATALOGI_SMTP_HOST": "127.0.0.1"})
    assert result.exit_code == 1
    assert result.output == ("--send needs the mail server: set KATALOGI_MAIL_FROM (docs/commands.md lists the "
                             "variables)\n")


def test_an_unreadable_record_stops_the_run_before_anything_is_sent(catalogue, smtp):
    (catalogue / RECORD).write_text("{kesken", encoding="utf-8")
    inbox = Inbox()
    result = run(catalogue, "--send", env=smtp(inbox))
    assert result.exit_code == 1 and inbox.received == []
    assert result.output.startswith(f"{RECORD} is not a record of sent reminders (")


def test_the_record_keeps_two_months(catalogue, smtp):
    (catalogue / RECORD).write_text(json.dumps({"format": "katalogi reminders 1", "sent": {
        "2019-10-01": {"mia": ["overdue:1:1:2019-09-01"]}, "2019-12-01": {"mia": ["overdue:1:1:2019-09-01"]}}}),
        encoding="utf-8")
    run(catalogue, "--send", env=smtp(Inbox()))
    assert sorted(record(catalogue)) == ["2019-12-01", "2020-01-15"]
