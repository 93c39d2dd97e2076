"""The web editor at /admin/: Decap CMS, bundled with the site, configured from the content model.

Decap CMS is a git-based editor: it reads and commits the same YAML files editors
write by hand. Its `config.yml` is generated here from `model.py` (a collection per
content type, a widget per field type) and `site_config.yaml` (the statuses, the
backend, the editor's language), never written by hand, so the editor offers exactly
the fields `check` accepts. The bundle is in `vendor/decap-cms/` (pinned by
SHA256SUMS) and is written into output/ only when `editor.enabled` is true, so a
site that does not ask for the editor ships none of it, and one that does asks no
other host for its code.

A text that may be translated is one widget per language of the site (`name`,
`name__sv`, `name__en`): `katalogi-admin.js` turns `name: {fi: ..., sv: ...}` into
those fields when a file is opened and back when it is saved (a plain string when
only the default language is written), so files stay in the format `check` reads.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from ..base.messages import catalogue_of
from ..content.attributes import Attribute, AttributeValues
from ..content.config import Config
from ..content.field_types import (
    Boolean,
    BusinessId,
    Choice,
    CpvCode,
    CpvPrefix,
    Date,
    Identifier,
    Integer,
    Markdown,
    Number,
    Ref,
    Text,
    Url,
)
from ..content.i18n import resolve, translations
from ..content.model import CONTENT_TYPES, ContentType
from ..content.schema import Field, ListOf, Object
from ..inputs.sources import CONTENT_DIR
from ..site.views import Editions, Site

DECAP_VERSION = "3.16.3"  # npm's decap-cms; the files are pinned by vendor/decap-cms/SHA256SUMS
JS_YAML_VERSION = "4.1.0"
VENDOR = Path(__file__).parent / "vendor" / "decap-cms"
ADMIN_SCRIPT = Path(__file__).parent / "katalogi-admin.js"  # ours: the translated-text format and the start
ADMIN_DIR = "admin/"
API_PATH = "api/v1"  # below the base path: where `serve` answers Decap's local-backend protocol
TRANSLATION_SEPARATOR = "__"  # name__sv holds the Swedish text of name
DECAP_LOCALES = frozenset({"bg", "ca", "cs", "da", "de", "en", "es", "fa", "fr", "gr", "he", "hr", "hu", "it", "ja",
                           "ko", "lt", "mk", "nb_no", "nl", "nn_no", "pl", "pt", "ro", "ru", "sk", "sl", "sr_Cyrl",
                           "sv", "th", "tr", "ua", "uk", "vi", "zh_Hans", "zh_Hant"})  # those Decap 3.16 has
SECTION_LABELS = {"action": "Toimenpiteet", "category": "Kategoriat", "contact": "Yhteyshenkilöt",
                  "indicator": "Mittarit", "organisation": "Organisaatiot", "procurement": "Hankinnat",
                  "criteria_set": "Hankintakriteerit", "factor_table": "Päästökerrointaulukot"}  # UI msgids
DATE_FORMAT = "YYYY-MM-DD"  # as files store dates (moment.js tokens)
SHOWN_DATE_FORMATS = {"fi": "DD.MM.YYYY", "sv": "YYYY-MM-DD", "en": "D MMM YYYY"}


def enabled(config: Config) -> bool:
    return config.editor.enabled


@functools.cache
def bundle_digests() -> dict[str, str]:
    """Every vendored file by name with its pinned SHA-256 (vendor/decap-cms/SHA256SUMS)."""
    pinned = {}
    for line in (VENDOR / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        pinned[name.lstrip("*")] = digest
    return pinned


def file_digest(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


# --- config.yml ---


def hint(field: Field, language: str) -> str:
    """The field's meaning in the editor's language, as `new` writes it into a scaffold."""
    return catalogue_of(language).gettext(field.doc)


def scalar_widget(field_type, config: Config) -> dict:
    """Decap's widget for a value of one field type (not a list or mapping)."""
    if isinstance(field_type, Markdown):
        return {"widget": "markdown"}
    if isinstance(field_type, (Text, Identifier, Url, CpvCode, CpvPrefix, BusinessId)):
        return {"widget": "string"}
    if isinstance(field_type, Integer):
        return {"widget": "number", "value_type": "int",
                **({"min": field_type.minimum} if field_type.minimum is not None else {})}
    if isinstance(field_type, Number):
        return {"widget": "number", "value_type": "float",
                **({"min": field_type.minimum} if field_type.minimum is not None else {})}
    if isinstance(field_type, Boolean):
        return {"widget": "boolean"}
    if isinstance(field_type, Date):
        return {"widget": "datetime", "format": DATE_FORMAT,
                "date_format": SHOWN_DATE_FORMATS.get(config.default_language, DATE_FORMAT),
                "time_format": False, "picker_utc": True}
    if isinstance(field_type, Choice):
        return {"widget": "select", "options": list(field_type.options)}
    if isinstance(field_type, Ref) and field_type.kind == "status":
        return {"widget": "select", "options": [{"label": str(status.label), "value": status.id}
                                                for status in config.statuses]}
    if isinstance(field_type, Ref) and field_type.kind == "dependency_role":
        return {"widget": "select", "options": [{"label": str(resolve(role.label, config.default_language,
                                                                      config.default_language)), "value": role.id}
                                                for role in config.dependency_roles]}
    if isinstance(field_type, Ref):
        folder = next(content_type.folder for content_type in CONTENT_TYPES if content_type.kind == field_type.kind)
        return {"widget": "relation", "collection": folder, "value_field": "id",
                "search_fields": ["id", "name"], "display_fields": ["{{id}}: {{name}}"]}
    raise TypeError(f"no Decap widget for {type(field_type).__name__}")


def field_widgets(field: Field, config: Config, language: str, optional: bool = False) -> list[dict]:
    """The Decap fields for one declared field: one, or one per language for a text that may be translated.
    `optional`: the field is in a mapping that may be left out, so Decap never asks for it."""
    common = {"label": field.name, "name": field.name, "hint": hint(field, language),
              "required": field.required and not optional}
    if field.default is not None:
        common["default"] = field.default
    field_type = field.type
    if isinstance(field_type, AttributeValues):  # the city's own fields: collection() adds them as declared
        return []
    if isinstance(field_type, Object):
        # Decap would ask for an optional mapping's required fields even when it is left empty: there they are
        # optional, and a mapping written without them gets check's message when it is saved.
        return [{**common, "widget": "object", "collapsed": not field.required,
                 "fields": object_widgets(field_type, config, language, optional=not field.required)}]
    if isinstance(field_type, ListOf) and isinstance(field_type.item, Object):
        return [{**common, "widget": "list", "collapsed": False,
                 "summary": list_summary(field_type.item),
                 "fields": object_widgets(field_type.item, config, language)}]
    if isinstance(field_type, ListOf) and isinstance(field_type.item, Ref) and field_type.item.kind != "status":
        return [{**common, **scalar_widget(field_type.item, config), "multiple": True}]
    if isinstance(field_type, ListOf):
        inner = {"label": field.name, "name": "value", **scalar_widget(field_type.item, config)}
        return [{**common, "widget": "list", "field": inner}]
    widget = {**common, **scalar_widget(field_type, config)}
    if not (isinstance(field_type, Text) and field_type.translatable and len(config.languages) > 1):
        return [widget]
    others = [{**widget, "label": f"{field.name} ({other})", "name": f"{field.name}{TRANSLATION_SEPARATOR}{other}",
               "required": False} for other in config.languages[1:]]
    for other in others:
        other.pop("default", None)
    return [{**widget, "label": f"{field.name} ({config.default_language})"}, *others]


def list_summary(item: Object) -> str:
    """What a collapsed list item shows: its first text field."""
    first = next((field.name for field in item.fields if isinstance(field.type, (Text, Ref))), item.fields[0].name)
    return "{{fields." + first + "}}"


def object_widgets(schema: Object, config: Config, language: str, optional: bool = False) -> list[dict]:
    return [widget for field in schema.fields for widget in field_widgets(field, config, language, optional)]


def attribute_widget(attributes: tuple[Attribute, ...], config: Config, language: str) -> dict:
    """`attributes:` as an object of the city's own fields, each labelled and explained as site_config.yaml
    declares it."""
    fields = []
    for attribute in attributes:
        declared = Field(attribute.id, attribute.field_type, str(resolve(attribute.help or attribute.label, language,
                                                                         config.default_language)),
                         attribute.required)
        widgets = field_widgets(declared, config, language, optional=False)
        label = str(resolve(attribute.label, language, config.default_language))
        for widget in widgets:
            widget["label"] = widget["label"].replace(attribute.id, label, 1)
            if attribute.choices:
                widget["options"] = [{"label": str(resolve(choice.label, language, config.default_language)),
                                      "value": choice.id} for choice in attribute.choices]
        fields += widgets
    return {"label": "attributes", "name": "attributes", "widget": "object", "collapsed": False,
            "required": any(attribute.required for attribute in attributes), "fields": fields}


def collection(content_type: ContentType, config: Config, language: str) -> dict:
    """One content type as a Decap folder collection: a file per item, named by its identifier."""
    label = SECTION_LABELS[content_type.kind]
    return {
        "name": content_type.folder,
        "label": translations(language).gettext(label),
        "folder": f"{CONTENT_DIR}/{content_type.folder}",
        "extension": "yaml",
        "format": "katalogi-yaml",
        "create": True,
        "delete": False,  # another item may name it: deleting a file stays a change made by hand, with `check`
        "slug": "{{id}}",
        "identifier_field": "id",
        "summary": "{{id}}: {{name}}",
        "sortable_fields": ["id", "name"],
        "fields": object_widgets(content_type.schema, config, language) + (
            [attribute_widget(config.attributes.of(content_type.kind), config, language)]
            if config.attributes.of(content_type.kind) else []),
    }


def backend(config: Config) -> dict:
    """The published site's backend: GitHub (login through an OAuth server) or GitLab (PKCE, no server)."""
    settings = config.editor
    found = {"name": settings.backend, "repo": settings.repo, "branch": settings.branch}
    if settings.backend == "gitlab" and settings.app_id:
        found.update(auth_type="pkce", app_id=settings.app_id)
    for name in ("base_url", "auth_endpoint", "api_root"):
        if getattr(settings, name):
            found[name] = getattr(settings, name)
    return found


def decap_config(config: Config) -> dict:
    """config.yml as data: the backend, the editor's language and a collection per content type."""
    language = config.default_language
    found = {
        "backend": backend(config),
        # `serve` answers the local-backend protocol at <base path>api/v1; katalogi-admin.js gives Decap that
        # address (it must be absolute), and Decap uses it only on localhost.
        "local_backend": True,
        "locale": language if language in DECAP_LOCALES else "en",
        "media_folder": "theme/static/media",
        "public_folder": f"{config.base_path}static/media",
        "collections": [collection(content_type, config, language) for content_type in CONTENT_TYPES],
    }
    if config.site_url:
        found["site_url"] = found["display_url"] = config.site_url + config.base_path
    return found


def config_yml(config: Config) -> str:
    """config.yml, written as JSON (which is YAML) with < > & escaped: the texts of site_config.yaml in it
    (status labels) can then never read as markup, wherever the file is shown."""
    header = ("# Generated by katalogi from katalogi/model.py and site_config.yaml; do not edit.\n"
              f"# Decap CMS {DECAP_VERSION}: https://decapcms.org/docs/configuration-options/\n")
    text = json.dumps(decap_config(config), ensure_ascii=False, indent=1)
    return header + text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


# --- the files below admin/ ---


def bundle_names() -> list[str]:
    """The vendored files the editor page loads, in a stable order."""
    return sorted(bundle_digests())


def produce_config(site: Site, editions: Editions, fragments, **context) -> str:
    return config_yml(site.config)


def produce_file(site: Site, editions: Editions, fragments, name: str) -> str:
    """A vendored file as it is (every one is UTF-8 JavaScript or text), or our own script."""
    file = ADMIN_SCRIPT if name == ADMIN_SCRIPT.name else VENDOR / name
    return file.read_bytes().decode("utf-8")  # not read_text: its newline translation would change the bytes


PRODUCERS = {"decap_config": produce_config, "decap_file": produce_file}
