"""Every message an editor can get, declared once: its English text, the field it is about, what to do.

The code raises these by name (`problems.UNKNOWN_FIELD(hint=...)`); the editors'
guide (docs/editing.md) lists the errors and warnings with their advice, in Finnish
and English, generated from this module (`python -m katalogi.generate.guide`); and the
catalogues `locale/{fi,sv}/LC_MESSAGES/editor.po` translate every text and advice
(`python -m katalogi.generate.catalogue` writes their template). A test fails when a text
here has no translation, when a declared message is never used, or when the guide
is out of date.

Fields in `{braces}` are filled in when the message is made; what an editor wrote
(a field name, a code, a file name) is shown as written in every language.
"""

from __future__ import annotations

from dataclasses import dataclass

from .messages import Message

ERROR, WARNING, NOTE, PART = "error", "warning", "note", "part"


@dataclass(frozen=True)
class Problem:
    """One kind of message. `kind`: an error stops the build, a warning does not, a note says how a command went,
    a part is a piece of other messages (a hint, a value's description). `field` and `advice` are the guide's."""

    text: str
    advice: str = ""
    field: str = "…"
    kind: str = ERROR
    plural: str = ""

    def __call__(self, **values) -> Message:
        """The message with its fields filled in; with `plural`, `count` chooses the form."""
        frozen = tuple(sorted((name, tuple(value) if isinstance(value, list) else value)
                              for name, value in values.items()))
        return Message(self.text, frozen, self.plural, values.get("count", 0) if self.plural else 0)


# --- Parts of other messages ---

DID_YOU_MEAN = Problem(" (did you mean '{candidate}'?)", kind=PART)
ONE_OF = Problem(" (expected one of: {candidates})", kind=PART)
WRITE_CODE = Problem(": write {code} ({label})", kind=PART)
FOR_EXAMPLE = Problem("; for example {code}", kind=PART)
LIST_HINT = Problem(" (write [{value}] or put each item on its own line after '- ')", kind=PART)
A_MAPPING = Problem("a mapping", kind=PART)
A_LIST = Problem("a list", kind=PART)
A_SINGLE_VALUE = Problem("a single value", kind=PART)
NOTHING = Problem("nothing", kind=PART)
DAY_OUT_OF_RANGE = Problem("day is out of range for month", kind=PART)
MONTH_OUT_OF_RANGE = Problem("month must be in 1..12", kind=PART)
KIND_ACTION = Problem("action", kind=PART)
KIND_CATEGORY = Problem("category", kind=PART)
KIND_CONTACT = Problem("contact", kind=PART)
KIND_INDICATOR = Problem("indicator", kind=PART)
KIND_ORGANISATION = Problem("organisation", kind=PART)
KIND_STATUS = Problem("status", kind=PART)
KIND_DEPENDENCY_ROLE = Problem("dependency role", kind=PART)
WARNING_LABEL = Problem("warning", kind=PART)

# --- Reading the YAML ---

MISSING_COLON = Problem(
    "no ':' after the field name; write {suggestion}",
    "Write a colon and a space between the field name and its value.", "yaml")
COLON_IN_TEXT = Problem(
    "the text of {key} has ': ' in it, which YAML reads as the start of another field; put the whole text in "
    "quotes: {suggestion}",
    "Put the text in quotes, or leave out the colon.", "yaml")
UNINDENTED_TEXT = Problem(
    "this line is not indented, so the text of '{key}: {indicator}' (line {start}) ends before it; indent every "
    "line of the text by at least two spaces",
    "Indent each line of a long text (after `|`) with spaces, also after an empty line.")
UNCLOSED_QUOTE = Problem(
    "the quotation mark opened on line {start} is not closed; add the closing {quote}",
    "Close the quotation mark, or leave the quotes out.", "yaml")
UNCLOSED_BRACKET = Problem(
    "the list or mapping opened with '{bracket}' on line {start} is not closed with '{closing}'",
    "Close the bracket, or write each item on its own line after `- `.", "yaml")
BAD_INDENTATION = Problem(
    "the indentation of this line does not match the lines above ({detail}); indent it like the other fields "
    "at its level",
    "Fields at the same level start in the same column; a list item's fields start two spaces after the `-`.",
    "yaml")
TAB_INDENTATION = Problem(
    "{detail}; YAML does not allow tabs for indentation, use spaces",
    "Replace the tab with spaces.", "yaml")
RESERVED_START = Problem(
    "a value cannot start with {character}; put the whole value in quotes",
    "Put the value in quotes.", "yaml")
YAML_SYNTAX = Problem(
    "{detail}",
    "Check the line and the one before: brackets, quotes, colons, indentation.", "yaml")
DUPLICATE_KEY = Problem("duplicate key '{key}' (first given on line {first})",
                        "The field is given twice; delete one.", "yaml")
KEY_NOT_TEXT = Problem("a field name must be text, got {value}", "Write a field name before the colon.", "yaml")
EMPTY_KEY = Problem("a field name is empty", "Write the field's name before the colon, or delete the line.", "yaml")
TAG_NOT_ALLOWED = Problem("YAML tags ({tag}) are not allowed in content; remove the tag and write the value",
                          "Remove the `!` or `!!` tag.", "yaml")
ALIAS = Problem("aliases (*{anchor}) are not allowed in content; write the value out in full",
                "Write the value out.", "yaml")
ANCHOR = Problem("anchors (&{anchor}) are not allowed in content; write the value out where it is needed",
                 "Remove `&name` and write the value.", "yaml")
CONTROL_CHARACTER = Problem("the control character #x{code} is not allowed in content; remove it",
                            "Remove the invisible character (often from pasted text).", "yaml")
NOT_YAML_CHARACTER = Problem("character #x{code} is not allowed in YAML", "Remove the invisible character.", "yaml")
TOO_DEEP = Problem("nested more than {limit} levels deep", "Too many levels inside each other.", "yaml")
ODD_SPACE = Problem(
    "a {space} {place} (often pasted from a web page or a word processor); replace it with an ordinary space",
    "Delete the space and type it again with the space bar.", "yaml")
NO_BREAK_SPACE = Problem("non-breaking space", kind=PART)
OTHER_SPACE = Problem("special space character (U+{code})", kind=PART)
SPACE_AFTER_COLON = Problem("after '{key}:'", kind=PART)
SPACE_AFTER_DASH = Problem("after the '-' of a list item", kind=PART)
SPACE_IN_INDENTATION = Problem("in the indentation", kind=PART)
MERGE_CONFLICT = Problem(
    "a git merge was left unfinished here: one version ({ours_name}) is on {ours}, the other ({theirs_name}) on "
    "{theirs}; keep one of them, and delete the other and the lines <<<<<<<, ======= and >>>>>>>",
    "Keep the version that is right (or combine them), and delete the marker lines; then run check.", "git")
ONE_LINE = Problem("line {line}", kind=PART)
LINE_RANGE = Problem("lines {first}-{last}", kind=PART)
NO_LINES = Problem("no lines", kind=PART)
INLINE_COMMENT = Problem(
    "' #' starts a comment, so '{dropped}' is not part of the text and is not published; to keep it, put the "
    "whole text in quotes: {suggestion}",
    "Put the text in quotes, or move the comment onto a line of its own.", kind=WARNING)

# --- Files and folders ---

NOT_UTF8 = Problem("the file is not UTF-8 (byte 0x{byte}); save it as UTF-8", "Save the file as UTF-8.", "encoding")
EMPTY_FILE = Problem("the file is empty; expected a mapping of fields",
                     "Write the fields or delete the file.", "file")
FILE_NOT_MAPPING = Problem("expected a mapping of fields, got {value}",
                           "A content file is a list of `field: value` lines.", "file")
FOLDER_NOT_FILE = Problem("expected a file, found a folder", "Remove the folder named like a file.", "file")
NOT_REGULAR_FILE = Problem("not a regular file", "Remove the special file.", "file")
FILE_TOO_BIG = Problem("the file is larger than {limit} MB, the limit for a content file",
                       "Split or shorten the content.", "file")
UNREADABLE = Problem("cannot be read: {reason}", "The file cannot be read; check its permissions.", "file")
CONTENT_MISSING = Problem("the content folder is missing", "The `content/` folder is missing.", "file")
CONTENT_OUTSIDE = Problem("is a link to a folder outside the project; content must be inside the project",
                          "Content must be inside the project.", "file")
LINK_OUTSIDE = Problem("is a link to a file outside the project; content must be inside the project",
                       "Content must be inside the project.", "file")
LINK_TO_FOLDER = Problem("is a link to a folder, which is not followed; move the files here instead",
                         "Move the files here.", "file")
NOT_IN_CONTENT_FOLDER = Problem("not in a content folder; move it into one of: {folders}",
                                "Move the file into the right folder.", "file")
WRONG_FOLDER = Problem(
    "this looks like {kind_article}, not {folder_article} (it has the fields of one); move it to {folder}/",
    "Move the file into the folder of its kind.", "file")
AN_ACTION = Problem("an action", kind=PART)
A_CATEGORY = Problem("a category", kind=PART)
A_CONTACT = Problem("a contact", kind=PART)
AN_INDICATOR = Problem("an indicator", kind=PART)
AN_ORGANISATION = Problem("an organisation", kind=PART)
NAME_CASE = Problem("the name ends in '{suffix}', which is not read; rename it to {suggestion}",
                    "Rename the file so that it ends in `.yaml`.", "file")
NAME_EXTRA_SUFFIX = Problem("the name does not end in .yaml, so the file is not read; rename it to {suggestion} "
                            "if it should be, or delete it",
                            "Rename the file so that it ends in `.yaml`, or delete it.", "file")
BACKUP_FILE = Problem("looks like an editor's backup copy, which is not read; delete it, or rename it to "
                      "{suggestion} if it should be read",
                      "Delete the backup copy.", "file", kind=WARNING)
NOT_CONTENT_FILE = Problem("is not read: only .yaml files are content; move it out of {folder}/ or delete it",
                           "Move the file out of `content/`.", "file", kind=WARNING)
RESERVED_FILE_NAME = Problem("'{name}' is a reserved name on Windows; rename the file", "Rename the file.", "file")
WINDOWS_CHARACTER = Problem(
    "the name has a character that Windows does not allow (one of < > : \" | ? * \\ or a trailing dot or space); "
    "rename the file",
    "Rename the file without special characters.", "file")
NAME_COLLISION = Problem(
    "the name differs from {other} only in upper and lower case or in how its letters are encoded; rename one",
    "Two names differ only in capitals; rename one.", "file")

# --- Field values ---

UNKNOWN_FIELD = Problem("unknown field{hint}", "A misspelt field name? The suggestion is in brackets.")
REQUIRED_MISSING = Problem("required field is missing", "Add the field.")
REQUIRED_EMPTY = Problem("required field is empty", "Write a value after the colon.")
EXPECTED_TEXT = Problem("expected text, got {value}", "Write text, not a list or sub-fields.")
EMPTY_TEXT = Problem("must not be empty", "Write some text or delete the line.")
NO_DEFAULT_TEXT = Problem("no text in {language}, the site's default language",
                          "A translated text needs its text in the site's default language (`fi:`) too.")
NOT_SITE_LANGUAGE = Problem("'{language}' is not one of the site's languages{hint}",
                            "A misspelt language code, or a language the site settings (`languages`) do not have.")
NOT_LANGUAGE_CODE = Problem("'{language}' is not a language code such as fi", "Write a language code: fi, sv or en.")
EXPECTED_LIST = Problem("expected a list, got {value}{hint}",
                        "Write `[a, b]` or each item on its own line after `- `.")
EMPTY_LIST_ITEM = Problem("empty list item", "Delete the empty `- ` line.")
ALREADY_LISTED = Problem("'{value}' is already listed as {other}", "The same identifier is listed twice; delete one.")
EXPECTED_MAPPING = Problem("expected a mapping of fields, got {value}", "The field needs sub-fields, indented.")
EXPECTED_IDENTIFIER = Problem("expected an identifier, got {value}", "Write an identifier such as `mia-malin`.")
UNSAFE_IDENTIFIER = Problem(
    "'{value}' is not a safe identifier: use 1-63 lower-case letters a-z, digits, '-' or '_', starting with a "
    "letter or digit{hint}",
    "Only a-z, digits, `-` and `_`: no capitals, spaces or accented letters.")
EXPECTED_WHOLE_NUMBER = Problem("expected a whole number, got {value}", "Write a whole number.")
EXPECTED_NUMBER = Problem("expected a number, got {value}", "Write a number (a decimal comma works).")
AT_LEAST = Problem("must be at least {minimum}, got {value}", "The number is too small.")
EXPECTED_BOOLEAN = Problem("expected true or false, got {value}", "Write `true` or `false` (not yes/no).")
EXPECTED_DATE = Problem("expected a date as YYYY-MM-DD, got {value}", "Write the date as 2019-10-15.")
IMPOSSIBLE_DATE = Problem("impossible date {value} ({reason})", "No such day (such as 31 February); check it.")
EXPECTED_URL = Problem("expected a web address starting with https://, http://, mailto: or /, got {value}",
                       "Copy the whole address, with `https://`.")
EXPECTED_SITE_URL = Problem("expected an address such as https://www.example.org (no path: that is base_path), "
                            "got {value}", "Write the scheme and host only, such as https://www.example.org.")
EXPECTED_CPV = Problem("expected a CPV code such as 45000000-7, got {value}",
                       "Eight digits, a dash and the check digit.")
EXPECTED_COLOUR = Problem("expected a colour as #rrggbb, got {value}", 'A colour like `"#00d7a7"`, in quotes.')
NOT_ALLOWED = Problem("{value} is not allowed{hint}", "The allowed values are listed in brackets.")

# --- Rules between fields ---

COMPLETED_DATE_REQUIRED = Problem("required when state is completed", "Add `completed: YYYY-MM-DD`.",
                                  "tasks[…].completed")
COMPLETED_DATE_ONLY = Problem("only a completed task has a completion date (state is {state})",
                              "Delete the `completed` line, or set `state: completed`.", "tasks[…].completed")
CONTINUOUS_WITH_END = Problem("a continuous action has no end date", "Delete `end` or `continuous: true`.",
                              "timespan.end")
ENDS_BEFORE_START = Problem("ends ({end}) before it starts ({start})", "Check the start and end dates.",
                            "timespan.end")
TASK_STARTS_AFTER = Problem("starts ({start}) after its {name} date ({date})", "Check the task's start date.",
                            "tasks[…].start")
FUTURE_DATE = Problem("{date} is later than {against}: a task cannot be completed, nor an action updated, on a "
                      "day that has not come yet", "Write the day it happened (a due date may be in the future).")
AS_OF_DATE = Problem("the site's as_of date {date} (site_config.yaml)", kind=PART)
BUILD_DATE = Problem("the date of the build, {date}", kind=PART)
DUPLICATE_TASK = Problem("the same task as {other} on line {first} (the same name and due date), so the site would "
                         "show it twice; delete one of them", "Delete the copy, or tell the two tasks apart.",
                         "tasks[…]", kind=WARNING)
STATUS_MISSING = Problem("required field is missing (or set status_from: tasks to derive it)",
                         "Add `status`, or `status_from: tasks`.", "status")
DERIVING_NEEDS_STATUSES = Problem("deriving the status from tasks needs the statuses {missing} in site_config.yaml",
                                  "Ask the maintainer to add the statuses.", "status_from")

# --- Across files ---

DUPLICATE_ID = Problem("duplicate {kind} identifier '{id}', also used in {place}",
                       "Two files have the same `id`; change one.", "id")
RESERVED_ID = Problem("'{id}' is a reserved file name on Windows, where the site's folder could not be created; "
                      "choose another identifier", "Choose another identifier.", "id")
UNKNOWN_REFERENCE = Problem("unknown {kind} '{id}'{hint}",
                            "No file has this identifier. Check the spelling, or create it with `new`.")
NOT_CHECKED_UNREAD = Problem(
    "not checked: {kind} {id} is in {path}, which could not be read (its own problem is listed with it)",
    "Fix the problem of the file named; then this is checked too.", kind=WARNING)
PARENT_LOOP = Problem("{kind} parents form a loop: {loop}", "The parents go round in a circle; fix one `parent`.",
                      "parent")
BROKEN_LINK = Problem("links to {url}, which is not a page or file of this site{hint}",
                      "Check the address; a page of an action is `/toimenpiteet/<id>/`.")
NO_SUCH_ITEM = Problem(" (there is no {kind} '{id}')", kind=PART)
MISSING_IMAGE = Problem("shows the image {url}, which is not a file of this site",
                        "Check the image's address, or add the image to the site's files.")
OUTSIDE_IMAGE = Problem(
    "shows an image from another host ({url}), which the site does not load (it asks no other host for "
    "anything), so readers see no image; use an image on this site",
    "Use an image published on this site, or link to the image instead of showing it.", kind=WARNING)

TEMPLATE_ERROR = Problem("{detail}", "A template mistake (the template engine's words): ask a developer.", "template")

# --- site_config.yaml ---

BASE_PATH_INVALID = Problem("expected a path such as / or /hankinnat/, got {value}",
                            "(site_config.yaml) A path starts and ends with `/`.", "base_path")
DUPLICATE_STATUS = Problem("duplicate status '{id}', also on line {line}",
                           "(site_config.yaml) A status is listed twice.", "statuses[…].id")
DERIVED_STATUSES_MISSING = Problem("status_from: tasks needs the statuses {needed}; missing: {missing}",
                                   "(site_config.yaml) Add the missing statuses.", "statuses")
LANGUAGE_TWICE = Problem("a language is listed twice", "(site_config.yaml) List each language once.", "languages")
SINCE_INVALID = Problem("expected a date as YYYY-MM-DD or a commit (its hash, or a tag such as v1.0), got {value}",
                        "(site_config.yaml) Write a date or a commit.", "history.since")
SINCE_UNKNOWN = Problem("{value} is not a commit git can find in this repository: write a date as YYYY-MM-DD, or "
                        "the hash or tag of a commit that git log --oneline lists",
                        "(site_config.yaml) Check the commit's hash or tag, or write a date.", "history.since")
SINCE_NOT_ANCESTOR = Problem("{value} is not in the history of the checked-out commit (HEAD): write a date as "
                             "YYYY-MM-DD, or the hash or tag of a commit that git log --oneline lists",
                             "(site_config.yaml) Name a commit of this branch's history, or write a date.",
                             "history.since")

# --- Data quality: the site builds, but readers miss something ---

STATUS_IGNORED = Problem(
    "not used: this action's status comes from its tasks (now '{shown}'), so the written '{written}' is ignored; "
    "delete this line, or write status_from: editor to set the status yourself",
    "Delete `status`, or write `status_from: editor`.", "status", WARNING)
NO_STATUS_REASON = Problem("the status is {status}, but no status_reason says why the action is late",
                           "Write status_reason: why the action is late, and what is done about it.", "status_reason",
                           WARNING)
NO_ORGANISATION = Problem("no responsible (primary) organisation",
                          "Add the responsible organisation (`role: primary`).", "organisations", WARNING)
NO_CONTACT = Problem("no contact person", "Add a contact person.", "contacts", WARNING)
NO_SOURCE = Problem("the official description does not say where it comes from", "Add `source`.",
                    "official_description.source", WARNING)
NO_NEXT_TASK = Problem("not completed, but no open task is due on or after {date}",
                       "Add an upcoming task with a due date, or mark the action completed.", "tasks", WARNING)
PLACEHOLDER = Problem("still says '{text}', as `new` wrote it; write the real {what}",
                      "Replace the text that `new` wrote with the real one.", kind=WARNING)

# What `new` writes into a new file until the editor writes the real thing (quality.py finds it left there).
NEW_ACTION_NAME = Problem("New action", kind=PART)
NEW_ACTION_DESCRIPTION = Problem("Write here what the action is and why it is done.", kind=PART)
NEW_CATEGORY_NAME = Problem("New category", kind=PART)
NEW_CONTACT_NAME = Problem("Firstname Lastname", kind=PART)
NEW_INDICATOR_NAME = Problem("New indicator", kind=PART)
NEW_ORGANISATION_NAME = Problem("New organisation", kind=PART)
SCAFFOLD_TITLE = Problem("{kind} {id}", kind=PART)
SCAFFOLD_OPTIONAL = Problem("Optional fields are commented out: remove the '# ' in front of a field to use it.",
                            kind=PART)
SCAFFOLD_CHECK = Problem("Check the file with: python build.py check", kind=PART)
SCAFFOLD_REQUIRED = Problem(" (required)", kind=PART)
THE_NAME = Problem("name", kind=PART)
THE_DESCRIPTION = Problem("description", kind=PART)

# --- Translations ---

NO_TRANSLATION = Problem("no translation in {languages}", "Add the missing languages, or leave it: the page then "
                         "shows the text in the default language.", kind=WARNING)
ONLY_DEFAULT_LANGUAGE = Problem(
    "{count} text field only in {language} (no {others}): {fields}",
    "Write these texts as `fi: …` / `sv: …` mappings to translate them.", "translations", WARNING,
    plural="{count} text fields only in {language} (no {others}): {fields}")
TRANSLATION_SUMMARY = Problem(
    "{language}: {count} text has no translation, {files}; `check --translations` lists them", kind=NOTE,
    plural="{language}: {count} texts have no translation, {files}; `check --translations` lists them")
IN_FILES = Problem("in {count} file", kind=PART, plural="in {count} files")

# --- Emission calculation, criteria sets and category roadmaps ---

KIND_FACTOR_TABLE = Problem("emission factor table", kind=PART)
KIND_CRITERIA_SET = Problem("criteria set", kind=PART)
A_FACTOR_TABLE = Problem("an emission factor table", kind=PART)
A_CRITERIA_SET = Problem("a criteria set", kind=PART)
NEW_FACTOR_TABLE_NAME = Problem("New emission factor table", kind=PART)
NEW_CRITERIA_SET_NAME = Problem("New criteria set", kind=PART)
EXPECTED_CPV_PREFIX = Problem(
    "expected the start of a CPV code, 2 to 8 digits such as 60 or 09134200, got {value}",
    "The first digits of a CPV code, in quotes: \"60\" covers every code that starts with 60.")
DUPLICATE_FACTOR = Problem("the CPV prefix {cpv} already has a factor in factors[{other}]",
                           "Give each CPV prefix one factor.", "factors[].cpv")
TYPED_AND_CALCULATED = Problem(
    "the emission reduction is also calculated (emission_calculation), so this typed figure is not shown",
    "Delete emission_reduction once the calculation is right, or delete emission_calculation.", "emission_reduction",
    kind=WARNING)
CALCULATION_WITHOUT_RECORDS = Problem(
    "no procurement record with a value names this action in its actions, so there is no spend to sum",
    "Name the action in the actions of its procurement records (content/procurements/), or write spend.",
    "emission_calculation.spend_from_procurements")
CALCULATION_WITHOUT_SPEND = Problem(
    "no yearly spend to calculate from: write emission_calculation.spend or procurement_volume",
    "The yearly spend the action affects, in euros: spend, or the action's procurement_volume.",
    "emission_calculation")
CALCULATION_WITHOUT_CPV = Problem(
    "no CPV code to pick the emission factor with: write the action's cpv_codes",
    "The action's first CPV code picks the factor (the longest prefix the table lists).", "emission_calculation")
SHARE_OVER_100 = Problem("a reduction is a percentage, at most 100, got {value}",
                         "Write the expected reduction as a percentage of the emissions, 0 to 100.",
                         "emission_calculation.reduction")
RANGE_HALF = Problem("a range needs both reduction_low and reduction_high",
                     "Write both ends of the range, or neither.", "emission_calculation.reduction_low")
RANGE_ORDER = Problem("the range must hold the estimate: reduction_low ({low}) <= reduction ({share}) <= "
                      "reduction_high ({high})", "Check the low and high reductions.",
                      "emission_calculation.reduction_low")
NO_FACTOR_FOR_CPV = Problem(
    "the emission factor table '{table}' has no factor for the CPV code {code} (no prefix of it is listed)",
    "Add a factor for a prefix of the code to the table, or use another table.", "emission_calculation.factors")
VALID_UNTIL_BEFORE_FROM = Problem("valid until {end}, before it is valid from {start}",
                                  "Check the validity dates.", "valid_until")
GOAL_WITHOUT_INDICATOR = Problem("a goal needs the indicator it is a goal of: write indicator",
                                 "Name the indicator beside the goal, or delete the goal.", "roadmap[].goal")
INDICATOR_WITHOUT_GOAL = Problem("a milestone's indicator needs its goal: write goal",
                                 "Write the value the indicator should reach by the milestone's year.",
                                 "roadmap[].indicator")
ROADMAP_GOAL_DIFFERS = Problem(
    "the goal {goal} for {year} differs from the goal the indicator '{indicator}' itself sets for {year}, {own}",
    "Make the two goals agree: change the milestone's goal, or the indicator's goal for that year.",
    "roadmap[].goal", WARNING)
COMPUTED_CRITERIA_DIFFER = Problem(
    "the indicator counts other green criteria ({criteria}) than the site's green share ({site}), so its share is "
    "not the one the other pages show",
    "Delete computed.criteria to count the site's green share (site_config.yaml's green_share.criteria).",
    "computed.criteria", WARNING)

# --- procurements ---
KIND_PROCUREMENT = Problem("procurement", kind=PART)
A_PROCUREMENT = Problem("a procurement", kind=PART)
NEW_PROCUREMENT_NAME = Problem("New procurement", kind=PART)
PROCUREMENTS_NOT_LIST = Problem("expected a list of procurements, got {value}",
                                "Under `procurements:` write each procurement as a list item starting with `- id:`.",
                                "procurements")
PROCUREMENTS_ONLY = Problem("a file of many procurements holds only the list `procurements:`, not {key}",
                            "Move the field into the records it belongs to, or write one procurement per file.",
                            "file")
PROCUREMENT_NOT_MAPPING = Problem("expected the fields of one procurement, got {value}",
                                  "Each list item is a procurement's fields, starting with `- id:`.", "procurements")
IMPORT_WINDOWS_1252 = Problem(
    "the file is not UTF-8 but Windows-1252 (byte 0x{byte}, the letter {character}), as Excel's plain \"CSV\" saves "
    "it; nothing was read. Save it as CSV UTF-8: in Excel choose File > Save As and the file type \"CSV UTF-8 (Comma "
    "delimited) (*.csv)\"; in LibreOffice Calc choose File > Save As, \"Text CSV (.csv)\", tick \"Edit filter "
    "settings\" and choose the character set \"Unicode (UTF-8)\"",
    "Save the sheet as CSV UTF-8 (Excel: File > Save As; LibreOffice: the character set Unicode (UTF-8)).",
    "encoding")
IMPORT_NO_ROWS = Problem("the file has no procurement rows under its headings",
                         "Export the sheet with its heading row and at least one procurement.", "file")
IMPORT_UNKNOWN_COLUMN = Problem("unknown column{hint}",
                                "Rename the heading to one of the documented columns (Finnish or English), "
                                "or remove the column.", "column")
IMPORT_MISSING_COLUMN = Problem("required column is missing; the headings are {headings}",
                                "Add the column with this heading (Finnish or English name).", "column")
IMPORT_DUPLICATE_COLUMN = Problem("the column is given twice, first as column {first}",
                                  "Remove one of the two columns.", "column")
IMPORT_CELL_COUNT = Problem("the row has {count} cells, the heading row {expected}",
                            "A value that holds the separator must be in double quotes.", "row")
IMPORT_DUPLICATE_ROW = Problem("procurement {id} is also on row {first}",
                               "Keep one row per procurement.", "column")
IMPORT_DONE = Problem("{path}: {count} rows read; {added} added, {changed} changed, {same} unchanged",
                      kind=NOTE)


KIND_NAMES = {"action": KIND_ACTION, "category": KIND_CATEGORY, "contact": KIND_CONTACT,
              "indicator": KIND_INDICATOR, "organisation": KIND_ORGANISATION, "status": KIND_STATUS,
              "factor_table": KIND_FACTOR_TABLE, "criteria_set": KIND_CRITERIA_SET, "procurement": KIND_PROCUREMENT,
              "dependency_role": KIND_DEPENDENCY_ROLE}
KIND_ARTICLES = {"action": AN_ACTION, "category": A_CATEGORY, "contact": A_CONTACT, "indicator": AN_INDICATOR,
                 "organisation": AN_ORGANISATION, "factor_table": A_FACTOR_TABLE, "criteria_set": A_CRITERIA_SET,
                 "procurement": A_PROCUREMENT}
FIELD_WORDS = {"name": THE_NAME, "description": THE_DESCRIPTION}
