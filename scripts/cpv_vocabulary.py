#!/usr/bin/env python3
"""Write the code lists the site names codes with: katalogi/content/data/cpv.tsv.gz and eforms_codes.tsv.

The CPV 2008 vocabulary (Commission Regulation (EC) No 213/2008): every code with its
check digit and its names in Finnish, Swedish and English. The names come from the
eForms SDK's translation files (OP-TED/eForms-SDK, translations/code_fi.xml, code_sv.xml,
code_en.xml, keys `code|name|cpv.NNNNNNNN`, CC BY 4.0), which give the eight digits
without the check digit; the check digits come from a list of the regulation's codes
(ProzorroUKR/standards, classifiers/cpv_en.json, Apache-2.0), and every code of the SDK
must have exactly one there. Also the labels of the eForms code lists the site shows,
gpp-criteria (BT-805) and environmental-impact (BT-774), from the same translation files.

    git clone --branch 1.15.1 https://github.com/OP-TED/eForms-SDK
    git clone https://github.com/ProzorroUKR/standards
    python scripts/cpv_vocabulary.py eForms-SDK standards/classifiers/cpv_en.json \
        --sdk-version 1.15.1 --check-digits-commit COMMIT

The output is deterministic (sorted, gzip without a time stamp), so running this again
on the same sources writes the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
from pathlib import Path

from lxml import etree

DATA = Path(__file__).resolve().parent.parent / "katalogi" / "content" / "data"
LANGUAGES = ("fi", "sv", "en")
CODE_LISTS = ("gpp-criteria", "environmental-impact")
CPV_KEY = re.compile(r"code\|name\|cpv\.(\d{8})")
SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def entries(path: Path) -> dict[str, str]:
    """The key -> text entries of one Java properties XML file of the SDK."""
    root = etree.parse(str(path), SAFE).getroot()
    return {entry.get("key"): " ".join((entry.text or "").split()) for entry in root.iter("entry")}


def cpv_rows(translations: dict[str, dict[str, str]], check_digits: dict[str, str]) -> list[str]:
    """code-with-check-digit, then the names in LANGUAGES, for every CPV code of the SDK."""
    full_codes: dict[str, list[str]] = {}
    for code in check_digits:
        if re.fullmatch(r"\d{8}-\d", code):
            full_codes.setdefault(code[:8], []).append(code)
    rows = []
    for key in sorted(key for key in translations["en"] if CPV_KEY.fullmatch(key)):
        digits = CPV_KEY.fullmatch(key)[1]
        found = full_codes.get(digits, [])
        if len(found) != 1:
            sys.exit(f"{digits}: {len(found)} codes with a check digit in the check-digit list, expected 1")
        names = [translations[language].get(key, "") for language in LANGUAGES]
        if not all(names):
            sys.exit(f"{digits}: a name is missing in {', '.join(LANGUAGES)}")
        rows.append("\t".join([found[0], *names]))
    return rows


def code_list_rows(translations: dict[str, dict[str, str]]) -> list[str]:
    """list, code, then the labels in LANGUAGES, for the eForms code lists the site shows."""
    rows = []
    for code_list in CODE_LISTS:
        prefix = f"code|name|{code_list}."
        for key in sorted(key for key in translations["en"] if key.startswith(prefix)):
            rows.append("\t".join([code_list, key[len(prefix):], *(translations[language][key]
                                                                     for language in LANGUAGES)]))
    return rows


def gzipped(text: str) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as stream:
        stream.write(text.encode("utf-8"))
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sdk", type=Path, help="a checkout of OP-TED/eForms-SDK")
    parser.add_argument("check_digits", type=Path, help="ProzorroUKR/standards' classifiers/cpv_en.json")
    parser.add_argument("--sdk-version", default="1.15.1")
    parser.add_argument("--check-digits-commit", default="534292f5da20a23b09c7216da79ea39a4bd317b3")
    arguments = parser.parse_args()
    translations = {language: entries(arguments.sdk / "translations" / f"code_{language}.xml")
                    for language in LANGUAGES}
    check_digits = json.loads(arguments.check_digits.read_text(encoding="utf-8"))
    header = [
        "#vocabulary\tCPV 2008 (Commission Regulation (EC) No 213/2008)",
        f"#names\teForms SDK {arguments.sdk_version}, translations/code_fi.xml, code_sv.xml, code_en.xml "
        "(OP-TED/eForms-SDK, CC BY 4.0)",
        f"#check digits\tProzorroUKR/standards {arguments.check_digits_commit}, classifiers/cpv_en.json "
        "(Apache-2.0)",
        "#columns\tcode\t" + "\t".join(LANGUAGES),
    ]
    rows = cpv_rows(translations, check_digits)
    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / "cpv.tsv.gz").write_bytes(gzipped("\n".join([*header, *rows]) + "\n"))
    lists_header = [f"#names\teForms SDK {arguments.sdk_version}, translations/code_fi.xml, code_sv.xml, "
                    "code_en.xml (OP-TED/eForms-SDK, CC BY 4.0)", "#columns\tlist\tcode\t" + "\t".join(LANGUAGES)]
    (DATA / "eforms_codes.tsv").write_text("\n".join([*lists_header, *code_list_rows(translations)]) + "\n",
                                           encoding="utf-8", newline="\n")
    print(f"{len(rows)} CPV codes, {len(code_list_rows(translations))} eForms codes written to {DATA}")


if __name__ == "__main__":
    main()
