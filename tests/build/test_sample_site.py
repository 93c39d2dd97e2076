"""The shipped catalogue: it builds, every same-site link resolves, action 111 shows the seed page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from htmlcheck import ANALYTICS, broken_links, outside_requests, parse
from tools import ROOT

from katalogi.build.pipeline import build
from katalogi.inputs.sources import Project


@pytest.fixture(scope="module", params=["/", "/hankinnat/"], ids=["root", "sub-path"])
def built(request, tmp_path_factory) -> tuple[Path, str]:
    """The shipped catalogue built as published at the site root and under a sub-path."""
    source = tmp_path_factory.mktemp("sample")
    for name in ("content", "theme", "templates", "site_config.yaml"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name)
        elif (ROOT / name).exists():
            shutil.copy(ROOT / name, source / name)
    config = source / "site_config.yaml"
    config.write_text(re.sub(r"(?m)^base_path: .*$", f"base_path: {request.param}", config.read_text("utf-8")),
                      encoding="utf-8")
    build(Project(source), source / "output")
    return source / "output", request.param
OFFICE_NAMESPACES = re.compile(r"http://schemas\.openxmlformats\.org/[\w./-]+")


def test_every_page_nests_its_elements_properly(built):
    out, _ = built
    for page in sorted(out.rglob("*.html")):
        parser = parse(page)
        assert parser.problems == [] and parser.open == [], page
        assert len(parser.ids) == len(set(parser.ids)), f"duplicate id in {page}"


def test_every_same_site_link_resolves(built):
    out, base_path = built
    broken, checked = broken_links(out, base_path)
    assert broken == []
    assert checked > 500


def visible_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(parse(path).text))


SEED_FACTS = [
    "Toimenpiteet", "111", "Edellinen", "Seuraava",
    "Julkisten toimijoiden yhteistyö vastuullisissa hankinnoissa",
    "Helsingin kaupungille tärkeitä yhteistyötahoja vastuullisten hankintojen kehittämisessä ovat erityisesti "
    "pääkaupunkiseudun muut kaupungit, Suomen kuutoskaupungit, kuntayhtymät sekä muut julkiset tahot kuten työ- ja "
    "elinkeinoministeriön ohjaama KEINO-osaamiskeskus ja sen konsortioon kuuluvat toimijat (Motiva Oy, Suomen "
    "Ympäristökeskus, yms.) sekä julkisen sektorin hankkijoiden yhteinen ekohankintaverkosto. Merkittäviä "
    "kansainvälisiä verkostoja ovat mm. Global Leading City Network on Public Procurement (GLCN) -verkosto sekä "
    "European Sustainable Procurement Network (Procura+) -verkosto.",
    "PKS -ryhmä", "Keino -akatemia", "Hankinta Suomi",
    "Virallinen kuvaus", "Toimenpideohjelman mukaisesti",
    "Lisätään hankintayhteistyötä vastuullisissa hankinnoissa lähialueen kuntien, kuntayhtymien ja muiden julkisten "
    "toimijoiden kanssa, esim. yhteisiä koulutuksia, selvityksiä, markkinakartoituksia ja ilmastokriteerien "
    "vähimmäisvaatimusten tason määrittely kilpailutuksille.",
    "(Hiilineutraali Helsinki 2035 -toimenpideohjelmasta)",
    "Tietoja päivitetty 15.10.2019", "Hankinnat", "Vastuuorganisaatiot", "Palu_Ympa", "Yhteyshenkilöt",
    "Mia Malin", "ympäristösuunnittelija", "Ympäristöpalvelut", "Eteneminen", "Ajallaan", "Aikajänne",
    "Tehtävät", "Mitä on tehty?",
    "01.03.2019 | Valitaan yhteyshenkilö ja sovitaan toimenpiteen toteuttamisesta",
    "31.03.2019 | Laaditaan pääkaupunkiseudun yhteiset ympäristökriteerisuositukset kevyille tavara- ja "
    "henkilökuljetuspalveluhankinnoille",
    "Kriteerisuosituksilla luotiin yhteinen kriteerien minimitason ilmasto- ja ympäristönäkökulmien huomioimiseksi "
    "hankinnoissa vuosien 2019-2024 aikana. Yhteiset suositukset laadittiin Helsingin, Vantaan ja Espoon "
    "kaupungeille, Helsingin seudun ympäristöpalvelut HSY:lle ja HUS Logistiikalle.",
    "Jokainen hankintayksikkö ottaa käyttöön kriteereitä oman kilpailutusaikataulun mukaisesti.",
    "Mitä on tehtävä?", "23.10.2019 | Toimenpiteestä on tilannekuvaus", "Mittarit",
    "TESTI Tämä on palvelun testiversio",
]


def test_action_111_shows_every_fact_of_the_seed_page(built):
    out, _ = built
    text = visible_text(out / "toimenpiteet/111/index.html")
    missing = [fact for fact in SEED_FACTS if re.sub(r"\s+", " ", fact) not in text]
    assert missing == []
    assert text.count("TESTI Tämä on palvelun testiversio") == 2, "notice banner at the top and the bottom"


def test_action_111_links_to_its_neighbours(built):
    out, base_path = built
    html = (out / "toimenpiteet/111/index.html").read_text(encoding="utf-8")
    assert f'<a rel="prev" href="{base_path}toimenpiteet/110/">' in html
    assert f'<a rel="next" href="{base_path}toimenpiteet/112/">' in html


def test_first_and_last_actions_have_no_missing_neighbour(built):
    out, _ = built
    actions = sorted((p.parent.name for p in out.glob("toimenpiteet/*/index.html")), key=int)
    first = (out / f"toimenpiteet/{actions[0]}/index.html").read_text(encoding="utf-8")
    last = (out / f"toimenpiteet/{actions[-1]}/index.html").read_text(encoding="utf-8")
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_sample_covers_what_the_catalogue_must_show(built):
    out, _ = built
    actions = list(out.glob("toimenpiteet/*/index.html"))
    assert len(actions) >= 21
    texts = [visible_text(page) for page in actions]
    for label in ("Ei aloitettu", "Ajallaan", "Myöhässä", "Merkittävästi myöhässä", "Valmis", "Peruttu"):
        assert any(f" {label} " in text for text in texts), label
    assert any("Myöhässä" in t and "Mitä on tehtävä?" in t for t in texts)
    assert len(list(out.glob("kategoriat/*/index.html"))) >= 3
    assert len(list(out.glob("mittarit/*/index.html"))) >= 2
    assert len(list(out.glob("organisaatiot/*/index.html"))) >= 12


def test_no_page_requests_anything_from_another_host(built):
    out, _ = built
    pages = list(out.rglob("*.html"))
    assert len(pages) > 200, "every language's pages are scanned"
    assert outside_requests(out) == []
    assert "url(" not in (out / "static/style.css").read_text(encoding="utf-8")


def test_the_scan_finds_every_kind_of_outside_request(tmp_path):
    (tmp_path / "a.html").write_text(
        '<link rel="stylesheet" href="https://cdn.example.org/x.css"><link rel="canonical" href="https://example.org/">'
        '<img src="//img.example.org/a.png" srcset="/ok.png 1x, https://img.example.org/b.png 2x">'
        '<script src="http://example.org/s.js"></script><p style="background: url(\'https://example.org/bg.png\')">'
        '<style>@import "https://example.org/more.css";</style><img src="data:image/png;base64,AAAA">'
        '<a href="https://example.org/">a link is not a request</a>', encoding="utf-8")
    (tmp_path / "b.css").write_text("a { background: url(https://example.org/c.png) } b { background: url(/ok.png) }",
                                    encoding="utf-8")
    assert [line.split(": ", 1)[1] for line in outside_requests(tmp_path)] == [
        "https://cdn.example.org/x.css", "//img.example.org/a.png", "https://img.example.org/b.png",
        "http://example.org/s.js", "https://example.org/bg.png", "https://example.org/more.css",
        "https://example.org/c.png"]


def test_no_cookies_no_analytics_no_storage(built):
    out, _ = built
    scripts = sorted(out.rglob("*.js"))
    assert scripts, "the filter, search and Pagefind scripts are scanned"
    for script in [*scripts, *out.rglob("*.html")]:
        assert not ANALYTICS.search(script.read_text(encoding="utf-8", errors="replace")), script
    for script in (out / "static").glob("*.js"):  # the namespaces of the .xlsx parts export.js writes are names
        text = OFFICE_NAMESPACES.sub("", script.read_text(encoding="utf-8"))  # in its XML, never fetched
        assert not re.search(r"https?://", text), f"{script} names another host"


def test_contact_emails_stay_hidden_by_default(built):
    out, _ = built
    emails = [line.split(":", 1)[1].strip() for path in (ROOT / "content/contacts").glob("*.yaml")
              for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("email:")]
    assert emails, "the sample has contacts with an e-mail address"
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not any(email in html for email in emails), page


def test_builds_are_byte_identical_and_charts_are_well_formed_svg(built, tmp_path):
    out, _ = built
    again = tmp_path / "again"
    build(Project(out.parent), again)
    files = sorted(path.relative_to(out) for path in out.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(again) for path in again.rglob("*") if path.is_file())
    assert [f for f in files if (out / f).read_bytes() != (again / f).read_bytes()] == []
    charts = [svg for page in out.rglob("*.html")
              for svg in re.findall(r"<svg .*?</svg>", page.read_text(encoding="utf-8"), re.S)]
    assert len(charts) > 20
    for svg in charts:  # a chart says what it shows; a decorative drawing (a trend beside its figures) is hidden
        root = ElementTree.fromstring(svg)
        assert root.get("role") == "img" and root.find("{http://www.w3.org/2000/svg}title") is not None \
            or root.get("aria-hidden") == "true", svg[:200]


def test_dashboard_shows_the_sample_programme_as_of_its_date(built):
    out, _ = built
    text = visible_text(out / "tilannekatsaus/index.html")
    assert "Tilanne 20.10.2019 : 26 toimenpidettä, joista 2 valmiina." in text
    for heading in ("Myöhässä olevat tehtävät (", "Seuraavien 90 päivän aikana erääntyvät tehtävät (",
                    "Viimeisten 90 päivän aikana tehdyt tehtävät (", "Päivittämättä",
                    "Päästövähennykset ja hankintojen arvo pääkategorioittain", "Toimenpiteet CPV-koodeittain"):
        assert heading in text
    assert not re.search(r"\((0)\) Ei (myöhässä|erääntyviä|tehtyjä)", text), "every task list has rows"


def test_organisation_pages_roll_up_their_units(built):
    out, _ = built
    kymp = visible_text(out / "organisaatiot/kymp/index.html")
    assert "Julkisten toimijoiden yhteistyö vastuullisissa hankinnoissa" in kymp, "111 belongs to a Kymp unit"
    assert "Kaupunkiympäristön toimiala (Kymp) alayksiköineen on mukana" in kymp


def test_quality_page_lists_the_open_points_per_action(built):
    out, _ = built
    text = visible_text(out / "tietojen-laatu/index.html")
    assert "Avoimia kohtia on 3 yhteensä 3 toimenpiteessä (26 toimenpiteestä)." in text
    for point in ("115 Kalusteiden kiertotalous ja uudelleenkäyttö ( Kasvatuksen ja koulutuksen toimiala (Kasko) ) "
                  "Toimenpide on kesken, mutta sillä ei "
                  "ole avointa tehtävää, jonka määräaika on tulevaisuudessa.",
                  "118 Hankkijoiden ilmasto- ja vastuullisuuskoulutus ( Talous- ja suunnitteluosasto ) Virallisen "
                  "kuvauksen lähde puuttuu.",
                  "123 Green Deal -sopimukset hankinnoissa ( Talous- ja suunnitteluosasto ) Yhteyshenkilö puuttuu."):
        assert point in text


def test_accessibility_statement_follows_the_finnish_public_sector_model(built):
    out, base_path = built
    text = visible_text(out / "saavutettavuusseloste/index.html")
    for part in ("Saavutettavuusseloste", "Seloste on laadittu tai päivitetty 15.10.2019",
                 "Digipalvelun saavutettavuuden tila", "Täyttää saavutettavuusvaatimukset.", "Ei-saavutettava sisältö",
                 "Huomasitko saavutettavuuspuutteen digipalvelussamme?", "saavutettavuus@example.org",
                 "Valvontaviranomainen", "Etelä-Suomen aluehallintovirasto", "www.saavutettavuusvaatimukset.fi",
                 "saavutettavuus@avi.fi", "0295 016 000"):
        assert part in text, part
    swedish = visible_text(out / "sv/saavutettavuusseloste/index.html")
    assert "Tillgänglighetsutlåtande" in swedish and "Tillsynsmyndighet" in swedish
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'saavutettavuusseloste/">' in html and 'avoin-data/">' in html, f"{page} links to both from its footer"


def test_accessibility_statement_does_not_claim_compliance_without_details(project, tmp_path):
    out = tmp_path / "out"
    build(Project(project()), out, search=False)
    text = visible_text(out / "saavutettavuusseloste/index.html")
    assert "Palvelun saavutettavuutta ei ole vielä arvioitu." in text
    assert "Täyttää saavutettavuusvaatimukset" not in text
