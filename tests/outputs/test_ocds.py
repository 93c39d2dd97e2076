"""The procurements as an Open Contracting (OCDS 1.1) release package, checked against the shipped schemas.

The release and release package schemas are the OCDS 1.1.5 ones (Apache-2.0), kept
in katalogi/outputs/schemas/ocds/; the package schema names the release schema by its
address, which resolves here to the shipped file: nothing is fetched.
"""

from __future__ import annotations

import copy
import json

import pytest
from tools import ROOT

from katalogi.build import pipeline
from katalogi.inputs.sources import Project
from katalogi.outputs.ocds import SCHEMA_DIR

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")



def validator():
    """A validator of release packages whose reference to the release schema is the shipped file."""
    from referencing.jsonschema import DRAFT4

    release = json.loads((SCHEMA_DIR / "release-schema.json").read_text(encoding="utf-8"))
    package = json.loads((SCHEMA_DIR / "release-package-schema.json").read_text(encoding="utf-8"))
    registry = referencing.Registry().with_resource(release["id"], DRAFT4.create_resource(release))

    def refuse(uri):  # anything but the shipped schema would be fetched: refuse it
        raise referencing.exceptions.NoSuchResource(uri)

    registry = referencing.Registry(retrieve=refuse).with_resources(registry.items())
    return jsonschema.Draft4Validator(package, registry=registry, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def package(sample_site) -> dict:
    """The sample's release package, from a clean build."""
    return json.loads((sample_site / "data/procurements-ocds.json").read_text(encoding="utf-8"))


def test_the_shipped_schemas_are_ocds_1_1_and_carry_their_licence():
    release = json.loads((SCHEMA_DIR / "release-schema.json").read_text(encoding="utf-8"))
    assert release["id"] == "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
    assert "Apache License" in (SCHEMA_DIR / "LICENSE").read_text(encoding="utf-8")


def test_the_release_package_is_valid_ocds(package):
    errors = sorted(validator().iter_errors(package), key=lambda error: list(error.absolute_path))
    assert [f"{list(error.absolute_path)}: {error.message}" for error in errors] == []
    assert package["version"] == "1.1"


@pytest.mark.parametrize("breakage", ["no ocid", "unknown tag", "amount as text", "no releases"])
def test_the_check_finds_a_broken_package(package, breakage):
    """The schema check is not vacuous: each of these is refused."""
    broken = copy.deepcopy(package)
    release = broken["releases"][0]
    if breakage == "no ocid":
        del release["ocid"]
    elif breakage == "unknown tag":
        release["tag"] = ["tarjous"]
    elif breakage == "amount as text":
        release.setdefault("tender", {})["value"] = {"amount": "paljon", "currency": "EUR"}
    else:
        broken["releases"] = []
    assert list(validator().iter_errors(broken))


def test_every_record_is_one_release_with_its_buyer_value_and_codes(package):
    import yaml

    records = {}
    for file in sorted((ROOT / "content/procurements").glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        records.update((record["id"], record) for record in data.get("procurements", [data]))
    releases = {release["tender"]["id"]: release for release in package["releases"]}
    assert sorted(releases) == sorted(records)
    assert len({release["ocid"] for release in package["releases"]}) == len(records)
    for identifier, record in records.items():
        release = releases[identifier]
        assert release["buyer"]["id"] == record["organisation"]
        assert [item["classification"]["id"] for item in release["tender"]["items"]] == record["cpv_codes"]
        assert release["tender"]["greenProcurementCriteria"] == record.get("gpp_criteria")
        amount = float(str(record["value"]))
        if record.get("stage") == "contract":
            assert release["tag"] == ["award", "contract"]
            assert release["contracts"][0]["value"] == {"amount": pytest.approx(amount), "currency": "EUR"}
            assert release["contracts"][0]["awardID"] == release["awards"][0]["id"]
        else:
            assert release["tag"] == ["tender"]
            assert release["tender"]["value"] == {"amount": pytest.approx(amount), "currency": "EUR"}
            assert "contracts" not in release


def test_a_site_without_procurements_publishes_no_empty_package(project, tmp_path):
    """A release package must hold a release; without records there is none (and no link to one)."""
    out = tmp_path / "out"
    pipeline.build(Project(project(), history=False), out, jobs=1, search=False)
    assert not (out / "data/procurements-ocds.json").exists()
    assert (out / "data/procurements.json").exists()
    assert "procurements-ocds.json" not in (out / "hankinnat/index.html").read_text(encoding="utf-8")
