"""The YAML loader: lines of every key and item, strict scalars, and no tracebacks ever."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from katalogi.content.checker import Checker
from katalogi.content.load import decode, parse_yaml
from katalogi.content.model import ACTION, CONTENT_TYPES
from katalogi.content.validate import check_document


def test_lines_of_keys_and_list_items_are_remembered():
    data, errors = parse_yaml("id: x\ntags:\n  - a\n  - b\nnested:\n  key: v\n", "f.yaml")
    assert errors == []
    assert data.line == 1
    assert data.key_lines == {"id": 1, "tags": 2, "nested": 5}
    assert data["tags"].item_lines == [3, 4]
    assert data["nested"].key_lines == {"key": 6}


def test_scalars_stay_text_for_the_schema_to_interpret():
    data, _ = parse_yaml("a: 111\nb: 0111\nc: 2019-10-15\nd: no\ne: 1e3\nf: true\ng:\nh: ~\n", "f.yaml")
    assert data == {"a": "111", "b": "0111", "c": "2019-10-15", "d": "no", "e": "1e3", "f": True, "g": None,
                    "h": None}


def test_byte_order_mark_is_accepted():
    text, errors = decode("\ufeffid: x\n".encode(), "f.yaml")
    assert errors == [] and text == "id: x\n"


def test_control_character_is_an_error_on_its_line():
    _, errors = parse_yaml("id: a\nname: b\x1f\n", "f.yaml")
    assert [str(e) for e in errors] == ["f.yaml:2: yaml: character #x001f is not allowed in YAML"]


@pytest.mark.parametrize("text", ["id: a\n'': x\n", "id: a\n? ''\n", "id: a\n' ': x\n"])
def test_an_empty_field_name_is_an_error_on_its_line(text):
    """Found by the property test below: an empty key was an "unknown field" with no name."""
    _, errors = parse_yaml(text, "f.yaml")
    assert [str(e) for e in errors] == ["f.yaml:2: yaml: a field name is empty"]


def test_multiple_documents_are_an_error():
    _, errors = parse_yaml("id: a\n---\nid: b\n", "f.yaml")
    assert [str(e) for e in errors] == [
        "f.yaml:2: yaml: found another document (expected a single document in the stream started on line 1)"
    ]


def test_schema_turns_text_into_typed_values():
    data, _ = parse_yaml('id: "7"\nname: N\ndescription: D\nstatus: s\norder: 3\nupdated: 2019-10-15\n', "f.yaml")
    checker = Checker("f.yaml")
    fields = ACTION.check(data, "", 1, checker)
    assert checker.errors == []
    assert fields["order"] == 3 and fields["updated"] == datetime.date(2019, 10, 15) and fields["id"] == "7"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_data_or_located_errors_never_an_exception(text):
    data, errors = parse_yaml(text, "f.yaml")
    assert (data is None) == bool(errors)
    for error in errors:
        assert error.path == "f.yaml" and error.line >= 1 and error.message


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_any_bytes_decode_or_name_the_bad_line(raw):
    text, errors = decode(raw, "f.yaml")
    assert (text is None) == bool(errors)
    for error in errors:
        assert 1 <= error.line <= raw.count(b"\n") + 1


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                         st.dates().map(str))
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.sampled_from(["id", "name", "due", "state", "x", "tasks"]),
                                               children, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(CONTENT_TYPES),
       st.dictionaries(st.sampled_from([f.name for f in ACTION.fields] + ["unknown"]), yaml_values, max_size=8))
def test_any_structure_validates_to_item_or_located_errors(content_type, mapping):
    import yaml

    text = yaml.safe_dump(mapping, allow_unicode=True)
    data, errors = parse_yaml(text, "f.yaml")
    if data is None:
        return
    item, errors = check_document(content_type, type("Doc", (), {"path": "f.yaml", "data": data})())
    for error in errors:
        assert error.path == "f.yaml" and error.line >= 1 and error.field and error.message


def test_the_fast_c_parser_is_used_where_pyyaml_has_it():
    import yaml

    from katalogi.content.load import _Loader

    if yaml.__with_libyaml__:
        assert _Loader.__mro__[1].__name__ == "CParser"


def shape(data):
    """Data with every line it remembers, for comparing two ways of reading."""
    if isinstance(data, dict):
        return ("map", data.line, data.key_lines, {key: shape(value) for key, value in data.items()})
    if isinstance(data, list):
        return ("seq", data.line, data.item_lines, [shape(value) for value in data])
    return (type(data).__name__, data)


YAML_PIECES = st.sampled_from([
    "a: 1\n", "b: [x, 'y', \"z\"]\n", "- item\n", "c:\n  - d: null\n    e: true\n", "  f: ~\n", "g: |\n  text\n",
    "h: &x 1\n", "i: *x\n", "j: !!str 5\n", "a: again\n", "? [k]\n: v\n", "---\n", "l: {m: n}\n", "o: 'p: q'\n",
    "r: \"\\x01\"\n", "\t- s\n", "t: False\n", ": u\n", "v:\n", "w: - x\n", "[1, 2]\n", "y: 0111\n", "z: no\n",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(YAML_PIECES, max_size=8).map("".join) | st.text(max_size=200))
def test_the_single_pass_reader_gives_exactly_what_the_full_path_gives(text):
    fast_data, fast_errors = parse_yaml(text, "x.yaml")
    full_data, full_errors = parse_yaml(text, "x.yaml", fast=False)
    assert fast_errors == full_errors
    assert shape(fast_data) == shape(full_data)
