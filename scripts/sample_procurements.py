#!/usr/bin/env python3
"""Write the sample's procurement records: content/procurements/<year>.yaml, plainly example data.

The figures are invented, drawn from a seeded random generator so that running this
again writes the same files byte for byte (the committed sample is its output):
about 200 tenders and contracts of 2015-2019 (up to the sample's as_of date) across the units of the sample's five
divisions and seven enterprises, with CPV codes, values, green criteria (more of them
in later years), and links to the sample actions whose subject they are.

    python scripts/sample_procurements.py [PROJECT]
"""

from __future__ import annotations

import datetime
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from katalogi.editing.procurement_import import records_text  # noqa: E402

SEED = 2035
YEARS = range(2015, 2020)
AS_OF = datetime.date(2019, 10, 20)  # the sample's as_of (site_config.yaml): no record after it
PER_YEAR = 40
HEADER = ("# ESIMERKKIAINEISTO: keksittyjä hankintoja, eivät oikeita ilmoituksia. Kirjoittanut\n"
          "# scripts/sample_procurements.py (siemenluku {seed}); aja se uudelleen, älä muokkaa käsin.\n")

# procuring organisations of the sample: the units of the divisions, and the enterprises
BUYERS = ("kanslia-elinkeino", "kanslia-talous", "kasko", "kuva", "palu-ympa", "rya", "palu", "sote",
          "esimerkkiliikelaitos-a", "esimerkkiliikelaitos-b", "hkl", "palvelukeskus", "stara", "talpa", "tyoterveys")
# (CPV code, title, the sample actions it concerns, typical value in euros, clean vehicles directive applies)
SUBJECTS = (
    ("34144900-7", "Sähköpakettiautojen leasing", ("105",), 400_000, True),
    ("60100000-9", "Kevyet kuljetuspalvelut", ("111", "106"), 300_000, True),
    ("90910000-9", "Siivouspalvelut", ("114",), 900_000, False),
    ("15000000-8", "Elintarvikkeet", ("108",), 1_500_000, False),
    ("55520000-1", "Ateriapalvelut", ("109",), 1_200_000, False),
    ("30213100-6", "Kannettavat tietokoneet", (), 600_000, False),  # not 113 or 112: tests rename and delete them
    ("45210000-2", "Koulun peruskorjauksen urakka", ("101",), 4_000_000, False),
    ("45500000-2", "Työkoneiden vuokraus työmaille", ("102",), 350_000, False),
    ("09310000-5", "Sähkön hankinta", ("110",), 2_500_000, False),
    ("39130000-2", "Toimistokalusteet", ("115",), 150_000, False),
    ("33140000-3", "Hoitotarvikkeet", ("103", "134"), 700_000, False),
    ("71000000-8", "Suunnittelupalvelut", (), 250_000, False),
    ("79710000-4", "Vartiointipalvelut", (), 500_000, False),
    ("18100000-0", "Työvaatteet", (), 120_000, False),
    ("50110000-9", "Ajoneuvojen huolto", (), 200_000, False),
    ("34928530-2", "Katuvalaisimet", (), 800_000, False),
    ("79952000-2", "Tapahtumapalvelut", ("131",), 90_000, False),
)
AIMS = ("clim-mitig", "circ-econ", "pollu-prev", "biodiv-eco", "clim-adapt")


def record(generator: random.Random, year: int, number: int) -> dict:
    """One invented procurement of `year`."""
    code, title, actions, typical, vehicles = generator.choice(SUBJECTS)
    days = (min(datetime.date(year, 12, 31), AS_OF) - datetime.date(year, 1, 1)).days + 1
    date = datetime.date(year, 1, 1) + datetime.timedelta(days=generator.randrange(days))
    green_chance = 0.25 + 0.12 * (year - YEARS[0])  # more green criteria year by year
    criteria = generator.choices(("eu", "national", "other"), (5, 3, 2))[0] \
        if generator.random() < green_chance else "none"
    found = {
        "id": f"{year}-{number:06d}",
        "name": f"{title} {year}",
        "organisation": generator.choice(BUYERS),
        "stage": "contract" if generator.random() < 0.6 else "tender",
        "date": date.isoformat(),
        "value": str(round(typical * generator.uniform(0.3, 2.5), -2)).removesuffix(".0"),
        "cpv_codes": [code],
        "gpp_criteria": criteria,
    }
    if criteria != "none":
        found["gpp_aims"] = sorted(generator.sample(AIMS, generator.choice((1, 1, 2))))
    found["clean_vehicles"] = vehicles
    if actions and generator.random() < 0.5:
        found["actions"] = list(actions)
    return found


def main(project: Path) -> None:
    generator = random.Random(SEED)
    folder = project / "content" / "procurements"
    folder.mkdir(parents=True, exist_ok=True)
    for year in YEARS:
        numbers = sorted(generator.sample(range(100_000, 999_999), PER_YEAR))
        records = [record(generator, year, number) for number in numbers]
        (folder / f"{year}.yaml").write_text(records_text(records, HEADER.format(seed=SEED)), encoding="utf-8",
                                             newline="\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
