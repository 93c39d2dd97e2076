"""The procurements as an Open Contracting (OCDS 1.1) release package, checked against the shipped schemas.

The release and release package schemas are the OCDS 1.1.5 ones (Apache-2.0), kept
in katalogi/outputs/schemas/ocds/; the package schema names the release schema by its
address, which resolves here to the shipped file: nothing is fetched. The release
schema is patched with the extensions the package declares (lots, sustainability,
coveredBy: shipped copies in outputs/schemas/ocds/extensions/), as OCDS tools do, and
the compiled releases are made by ocdskit with that patched schema.
"""

from __future__ import annotations

import copy
import json
from collections import defaultdict

import pytest
from tools import ROOT, TESTS

from katalogi.build import pipeline
from katalogi.inputs.sources import Project
from katalogi.outputs.ocds import EXTENSIONS, SCHEMA_DIR

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")


def merge_patch(target, patch):
    """RFC 7386 JSON merge patch, as OCDS applies an extension's release-schema.json to the release schema."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def patched_release_schema(declared: list[str]) -> dict:
    """The release schema with the extensions a package declares, from their shipped copies."""
    by_address = {address: folder for folder, address in EXTENSIONS.items()}
    schema = json.loads((SCHEMA_DIR / "release-schema.json").read_text(encoding="utf-8"))
    for address in declared:
        folder = SCHEMA_DIR / "extensions" / by_address[address]
        schema = merge_patch(schema, json.loads((folder / "release-schema.json").read_text(encoding="utf-8")))
    return schema


def validator(declared: list[str] | None = None):
    """A validator of release packages whose reference to the release schema is the (patched) shipped file."""
    from referencing.jsonschema import DRAFT4

    release = patched_release_schema(declared or [])
    package = json.loads((SCHEMA_DIR / "release-package-schema.json").read_text(encoding="utf-8"))
    registry = referencing.Registry().with_resource(release["id"], DRAFT4.create_resource(release))

    def refuse(uri):  # anything but the shipped schema would be fetched: refuse it
        raise referencing.exceptions.NoSuchResource(uri)

    registry = referencing.Registry(retrieve=refuse).with_resources(registry.items())
    return jsonschema.Draft4Validator(package, registry=registry, format_checker=jsonschema.FormatChecker())


def records_of(root) -> dict[str, dict]:
    """Every procurement record of a project, read with PyYAML."""
    import yaml

    records = {}
    for file in sorted((root / "content/procurements").glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        records.update((record["id"], record) for record in data.get("procurements", [data]))
    return records


NOTICES = ["cn_24_FRA_comments.xml", "can_24_FRA_comments.xml", "cn_24_maximal.xml", "derived/cn_24_maximal_gpp.xml",
           "can_24_maximal.xml", "veat_24.xml", "pin-only_24.xml", "cn_24_cumbria.xml",
           "change-cn_24_cumbria_suppliers.xml"]
BUYERS = {"998298": "ympa", "123 456 789": "kaupunki", "xyz": "ympa", "buyerid01": "ympa",
          "PartyLegalEntityCID1234": "kaupunki"}


def notices_project(root):
    """The tiny project with the SDK's example notices imported, and a business id for the OCDS parties."""
    from click.testing import CliRunner
    from conftest import TINY_CONFIG, write_project

    from katalogi.cli import cli

    config = TINY_CONFIG + "procurements:\n  ocid_prefix: ocds-a1b2c3\n  buyers:\n" + "".join(
        f'    - registration_number: "{number}"\n      organisation: {organisation}\n'
        for number, organisation in BUYERS.items())
    write_project(root, {"content/organisations/kaupunki.yaml": "id: kaupunki\nname: Kaupunki\nkind: city\n"
                                                                "business_id: 0201256-6\n"}, config)
    eforms = TESTS / "data/eforms"
    result = CliRunner().invoke(cli, ["import", "notices", *(str(eforms / name) for name in NOTICES), "-C",
                                      str(root)])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module", params=["sample", "notices"])
def built(request, tmp_path_factory, sample_site) -> tuple[dict, dict, str]:
    """A release package from a clean build, the records it is made from, and the ocid prefix: of the shipped
    sample (built once for every test, conftest.py), and of a tiny project of the SDK's example notices."""
    if request.param == "sample":
        package = json.loads((sample_site / "data/procurements-ocds.json").read_text(encoding="utf-8"))
        return package, records_of(ROOT), "ocds-katalogi"
    root = notices_project(tmp_path_factory.mktemp(request.param))
    pipeline.build(Project(root, history=False), root / "output", search=False)
    package = json.loads((root / "output/data/procurements-ocds.json").read_text(encoding="utf-8"))
    return package, records_of(root), "ocds-a1b2c3"


@pytest.fixture
def package(built) -> dict:
    return built[0]


def test_the_shipped_schemas_are_ocds_1_1_and_carry_their_licence():
    release = json.loads((SCHEMA_DIR / "release-schema.json").read_text(encoding="utf-8"))
    assert release["id"] == "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
    assert "Apache License" in (SCHEMA_DIR / "LICENSE").read_text(encoding="utf-8")


def test_the_release_package_is_valid_ocds_with_its_extensions(package):
    assert package["extensions"] == list(EXTENSIONS.values())
    errors = sorted(validator(package["extensions"]).iter_errors(package), key=lambda error: list(error.absolute_path))
    assert [f"{list(error.absolute_path)}: {error.message}" for error in errors] == []
    assert package["version"] == "1.1"


def test_the_extensions_are_shipped_with_their_licence_and_add_what_the_releases_use():
    schema = patched_release_schema(list(EXTENSIONS.values()))
    lot = schema["definitions"]["Lot"]["properties"]
    assert {"hasSustainability", "sustainability", "coveredBy", "value", "title"} <= set(lot)
    assert "lots" in schema["definitions"]["Tender"]["properties"]
    for folder in EXTENSIONS:
        assert "Apache License" in (SCHEMA_DIR / "extensions" / folder / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize("breakage", ["no ocid", "unknown tag", "amount as text", "no releases",
                                      "sustainability as text", "coveredBy empty"])
def test_the_check_finds_a_broken_package(package, breakage):
    """The schema check is not vacuous: each of these is refused."""
    broken = copy.deepcopy(package)
    release = broken["releases"][0]
    lot = next((release["tender"]["lots"][0] for release in broken["releases"] if release["tender"].get("lots")),
               release["tender"])  # a lot, or the tender, which the extensions give the same fields
    if breakage == "no ocid":
        del release["ocid"]
    elif breakage == "unknown tag":
        release["tag"] = ["tarjous"]
    elif breakage == "amount as text":
        release.setdefault("tender", {})["value"] = {"amount": "paljon", "currency": "EUR"}
    elif breakage == "sustainability as text":
        lot["sustainability"] = "vihreä"
    elif breakage == "coveredBy empty":
        lot["coveredBy"] = []
    else:
        broken["releases"] = []
    assert list(validator(broken["extensions"]).iter_errors(broken))


def test_every_record_is_in_a_release_of_its_procedure_with_its_buyer_value_and_codes(built):
    package, records, prefix = built
    by_ocid = defaultdict(list)
    for release in package["releases"]:
        by_ocid[release["ocid"]].append(release)
    for identifier, record in records.items():
        releases = by_ocid[f"{prefix}-{record.get('procedure') or identifier}"]
        assert releases, identifier
        assert all(release["buyer"]["id"] == record["organisation"] for release in releases)
        items = [item for release in releases for item in release["tender"].get("items", [])
                 if item.get("relatedLot") == record.get("lot") or not record.get("lot")]
        codes = [items[0]["classification"]["id"], *(extra["id"] for extra in items[0].get(
            "additionalClassifications", []))] if items else []
        assert codes == record.get("cpv_codes", [])
        amount = float(str(record["value"])) if "value" in record else None
        if not record.get("notices"):
            (release,) = releases
            assert release["id"] == f"{identifier}-{record.get('stage', 'tender')}"
            if record.get("stage") == "contract":
                assert release["tag"] == ["award", "contract"]
                assert release["contracts"][0]["value"] == {"amount": pytest.approx(amount), "currency": "EUR"}
                assert release["contracts"][0]["awardID"] == release["awards"][0]["id"]
            else:
                assert release["tag"] == ["tender"]
                assert release["tender"]["value"] == {"amount": pytest.approx(amount), "currency": "EUR"}
                assert "contracts" not in release
        else:
            assert sorted(release["id"] for release in releases) == sorted(
                f"{notice['id']}-{notice['version']}" for notice in record["notices"])


def test_green_procurement_is_mapped_as_ocds_for_eforms_says(built):
    package, records, _ = built
    strategies = {"eu": "euGPPCriteria", "national": "nationalGPPCriteria", "other": "otherGPPCriteria"}
    goals = {"clim-mitig": "environmental.climateChangeMitigation", "circ-econ": "environmental.circularEconomy",
             "pollu-prev": "environmental.pollutionPrevention", "clim-adapt": "environmental.climateChangeAdaptation",
             "biodiv-eco": "environmental.biodiversityProtectionRestoration", "other": "environmental",
             "water-mar": "environmental.waterResources"}
    checked = 0
    for release in package["releases"]:
        holders = release["tender"].get("lots") or [release["tender"]]
        for holder in holders:
            record = next(record for identifier, record in records.items()
                          if (record.get("lot") == holder.get("id") and record.get("procedure") == release["tender"][
                              "id"]) or (not record.get("lot") and identifier == release["tender"]["id"]))
            expected = [{"strategies": [strategies[record["gpp_criteria"]]]}] \
                if record.get("gpp_criteria") in strategies else []
            expected += [{"goal": goals[aim]} for aim in record.get("gpp_aims", [])]
            assert holder.get("sustainability", []) == expected
            assert holder.get("hasSustainability") == (True if expected else False if record.get(
                "gpp_criteria") == "none" else None)
            assert holder.get("coveredBy") == (["EU-CVD"] if record.get("clean_vehicles") else None)
            checked += 1
    assert checked >= len(records)


def test_the_notices_buyer_is_a_party_with_its_business_id_and_the_award_follows_the_tender(tmp_path):
    root = notices_project(tmp_path / "site")
    pipeline.build(Project(root, history=False), root / "output", search=False)
    package = json.loads((root / "output/data/procurements-ocds.json").read_text(encoding="utf-8"))
    fra = [release for release in package["releases"]
           if release["ocid"] == "ocds-a1b2c3-e3cdabf1-e057-47a5-9210-b1f6fc757228"]
    assert [(release["id"], release["tag"], release["date"]) for release in fra] == [
        ("da4d46e9-490b-41ff-a2ae-8166d356a619-01", ["tender"], "2019-05-10T00:00:00Z"),
        ("df45f4d1-2208-47cb-bc7a-9c7edcf8d2b8-01", ["award", "contract"], "2019-10-23T00:00:00Z")]
    assert fra[0]["parties"] == [{"id": "kaupunki", "name": "Kaupunki", "roles": ["buyer", "procuringEntity"],
                                  "identifier": {"scheme": "FI-PRO", "id": "0201256-6"}}]
    assert [lot["id"] for lot in fra[1]["tender"]["lots"]] == ["LOT-0001", "LOT-0002"]
    assert [(award["relatedLots"], award["value"]) for award in fra[1]["awards"]] == [
        (["LOT-0001"], {"amount": 95414, "currency": "EUR"}), (["LOT-0002"], {"amount": 26500, "currency": "EUR"})]
    change = [release for release in package["releases"] if release["id"].startswith("92521e66")]
    assert [release["tag"] for release in change] == [["tenderUpdate"]]
    assert {release["tag"][0] for release in package["releases"]} >= {"planning", "tender", "award"}


def test_releases_of_one_procedure_compile_into_one_record(built):
    """ocdskit's compile (ocdsmerge, with the patched schema: no network) gives one compiled release per procedure,
    the tender and the award of one procedure together."""
    package, records, prefix = built
    ocdskit = pytest.importorskip("ocdskit.combine")
    schema = patched_release_schema(package["extensions"])
    compiled = list(ocdskit.merge([package], schema=schema))
    procedures = {record.get("procedure") or identifier for identifier, record in records.items()}
    assert len(compiled) == len(procedures)
    by_ocid = {release["ocid"]: release for release in compiled}
    for record in records.values():
        if record.get("notices") and record.get("stage") == "contract" and any(
                notice["kind"] == "cn" for notice in record["notices"]):
            release = by_ocid[f"{prefix}-{record['procedure']}"]
            assert record["lot"] in {lot["id"] for lot in release["tender"]["lots"]}
            assert any(award.get("relatedLots") == [record["lot"]] for award in release["awards"])
            assert release["tag"] == ["compiled"]


def test_a_site_without_procurements_publishes_no_empty_package(project, tmp_path):
    """A release package must hold a release; without records there is none (and no link to one)."""
    out = tmp_path / "out"
    pipeline.build(Project(project(), history=False), out, jobs=1, search=False)
    assert not (out / "data/procurements-ocds.json").exists()
    assert (out / "data/procurements.json").exists()
    assert "procurements-ocds.json" not in (out / "hankinnat/index.html").read_text(encoding="utf-8")
