"""What the commands say: their notes and counts, and the problems of reporting rounds, the web editor and the
workbook round trip, declared once like the content's problems (problems.py) and translated in the same
catalogues (`locale/{fi,sv}/LC_MESSAGES/editor.po`); every_problem.ALL has both.
"""

from __future__ import annotations

from .problems import NOTE, PART, Problem

# --- What the commands say ---

PROBLEMS_FOUND = Problem("{count} problem found; nothing was written.", kind=NOTE,
                         plural="{count} problems found; nothing was written.")
PROBLEMS_AND_WARNINGS_FOUND = Problem("{count} problem found, and {warnings}; nothing was written.", kind=NOTE,
                                      plural="{count} problems found, and {warnings}; nothing was written.")
COUNT_WARNINGS_SHOWN = Problem("{count} warning", kind=PART, plural="{count} warnings")
CHECKED = Problem("Checked {items}: no errors, {warnings}.", kind=NOTE)
COUNT_ACTIONS = Problem("{count} action", kind=PART, plural="{count} actions")
COUNT_CATEGORIES = Problem("{count} category", kind=PART, plural="{count} categories")
COUNT_ORGANISATIONS = Problem("{count} organisation", kind=PART, plural="{count} organisations")
COUNT_CONTACTS = Problem("{count} contact", kind=PART, plural="{count} contacts")
COUNT_INDICATORS = Problem("{count} indicator", kind=PART, plural="{count} indicators")
COUNT_FILES = Problem("{count} file", kind=PART, plural="{count} files")
AND = Problem("{first} and {last}", kind=PART)
COUNT_QUALITY_WARNINGS = Problem("{count} data-quality warning", kind=PART, plural="{count} data-quality warnings")
COUNT_WARNINGS = Problem("{count} other warning", kind=PART, plural="{count} other warnings")
COUNT_TRANSLATION_WARNINGS = Problem("{count} translation warning", kind=PART, plural="{count} translation warnings")
CHECKED_FILES = Problem("Checked {files} against the whole catalogue: no errors, {warnings}.", kind=NOTE)
OTHER_FILES_FAIL = Problem("{count} problem in other files (run check without file names to see it)", kind=NOTE,
                           plural="{count} problems in other files (run check without file names to see them)")
NOT_A_CONTENT_FILE = Problem("{path}: not a file of the catalogue's content/ folder", kind=NOTE)
STRICT_FAILED = Problem("--strict: the warnings above count as problems.", kind=NOTE)
BUILT = Problem("Built {actions} into {out}{warnings}.", kind=NOTE)
UNCHANGED = Problem("Nothing changed since the last build of {actions} into {out}{warnings}.", kind=NOTE)
BUILT_WARNINGS = Problem("; {warnings} (`check` lists them)", kind=PART)
WROTE = Problem("Wrote {path}", kind=NOTE)
ITEM_EXISTS = Problem("{path} already has the {kind} '{id}'; nothing was written", kind=NOTE)
FILE_EXISTS = Problem("{path} already exists; nothing was written", kind=NOTE)
CANNOT_WRITE = Problem("{path}: cannot write the site ({reason}); the previous output is kept", kind=NOTE)
NO_PAGEFIND = Problem("Notice: Pagefind is not installed, so the site has no search index "
                      "(pip install 'katalogi[search]').", kind=NOTE)
PAGEFIND_FAILED = Problem("Pagefind could not index the site: {detail}", kind=NOTE)
HISTORY_NO_GIT = Problem("history: git is not installed; updated dates come only from the files", kind=NOTE)
HISTORY_GIT_FAILED = Problem("history: could not run git ({detail}); updated dates come only from the files",
                             kind=NOTE)
HISTORY_NO_REPOSITORY = Problem("history: content/ is not in a git repository; updated dates come only from the "
                                "files", kind=NOTE)
HISTORY_NO_COMMITS = Problem("history: the git repository has no commits yet; updated dates come only from the "
                             "files", kind=NOTE)
HISTORY_LOG_FAILED = Problem("history: git log failed ({detail}); updated dates come only from the files", kind=NOTE)
HISTORY_SHALLOW = Problem("history: shallow clone, changes up to {date} are missing; fetch the full history (git "
                          "fetch --unshallow, or fetch-depth: 0 in GitHub Actions) to show them", kind=NOTE)
HISTORY_SHALLOW_SINCE = Problem("history: shallow clone without the commit history.since names ({since}); updated "
                                "dates come only from the files; fetch the full history (git fetch --unshallow, or "
                                "fetch-depth: 0 in GitHub Actions) to show the changes after it", kind=NOTE)
HISTORY_UNCOMMITTED = Problem("history: {folder}/ has no commits in git yet; updated dates come only from the files",
                              kind=NOTE)
SERVE_FAILED_TITLE = Problem("The site could not be built", kind=NOTE)
SERVE_FAILED_HELP = Problem("Fix these problems and save; this page reloads by itself.", kind=NOTE)
SERVE_LISTENING = Problem("Serving on {address} (Ctrl+C to stop)", kind=NOTE)
SERVE_BUILT_ALL = Problem("Built the whole site ({actions}) in {ms} ms.", kind=NOTE)
SERVE_NOTHING_CHANGED = Problem("Nothing changed.", kind=NOTE)
SERVE_RENDERING_AGAIN = Problem("Rendering {count} page again (started in {ms} ms).", kind=NOTE,
                                plural="Rendering {count} pages again (started in {ms} ms).")
SERVE_UPDATED = Problem("Updated {pages} in {ms} ms{more}{removed}.", kind=NOTE)
COUNT_PAGES = Problem("{count} page", kind=PART, plural="{count} pages")
SERVE_MORE_FOLLOWING = Problem(", {count} more following", kind=PART, plural=", {count} more following")
SERVE_REMOVED = Problem(", removed {count}", kind=PART, plural=", removed {count}")
SERVE_HOST_REFUSED = Problem("The dev server answers only requests addressed to this machine ({hosts}), not to "
                             "{host}; open {address}", kind=NOTE)
SERVE_TOO_LARGE = Problem("The request is larger than {limit} MB, the most the dev server reads; nothing was read "
                          "or written", kind=NOTE)


# --- Reporting rounds ---

ROUND_BROKEN = Problem("the reporting round {tag} does not pass check at its tag: {count} problem, listed below "
                       "with the tag before each path", "Fix the content and move the tag (git tag -f -a), or build "
                       "with --skip-broken-rounds to leave the round out.", "tag",
                       plural="the reporting round {tag} does not pass check at its tag: {count} problems, listed "
                       "below with the tag before each path")
ROUND_NO_CONFIG = Problem("the tagged commit has no site_config.yaml", "Tag a commit of the catalogue's repository.")
ROUND_SKIPPED = Problem("rounds: {tag} left out (--skip-broken-rounds): {count} problem at its tag", kind=NOTE,
                        plural="rounds: {tag} left out (--skip-broken-rounds): {count} problems at its tag")
ROUND_MISSING = Problem("rounds: the commit of {tag} is not in this clone, so the round is left out; fetch the full "
                        "history (git fetch --unshallow --tags, or fetch-depth: 0 in GitHub Actions)", kind=NOTE)
ROUND_UNKNOWN = Problem("no reporting round {round}; the rounds are: {known}", kind=NOTE)
ROUND_LANGUAGE = Problem("the site has no language {language}; its languages are: {languages}", kind=NOTE)
ROUNDS_SHALLOW = Problem("rounds: shallow clone without tags {pattern}, so the site has no reporting rounds; fetch "
                         "them (git fetch --unshallow --tags, or fetch-depth: 0 and fetch-tags: true in GitHub "
                         "Actions)", kind=NOTE)

# --- web editor (Decap CMS's local backend, local_backend.py) ---

EDITOR_PATH_REFUSED = Problem("The web editor may only read and write content files such as "
                              "content/actions/111.yaml, not {path}", kind=NOTE)
EDITOR_REQUEST_INVALID = Problem("The web editor sent a request the dev server does not understand", kind=NOTE)
EDITOR_ACTION_UNSUPPORTED = Problem("The web editor cannot do this here ({action}): make the change in the files "
                                    "and run check", kind=NOTE)
EDITOR_REPO_REQUIRED = Problem("required when the web editor is enabled: the repository it commits to, as owner/name",
                               advice="Write the GitHub or GitLab repository, such as helsinki/hankinnat.",
                               field="editor.repo")
EDITOR_LINK_REFUSED = Problem("{path} is a link (or lies in a linked folder), which the web editor neither reads "
                              "nor writes; edit the file it leads to by hand", kind=NOTE)
EDITOR_ONLY_THIS_MACHINE = Problem("The web editor's local backend answers only this machine, from the site's own "
                                   "pages", kind=NOTE)


# --- Spreadsheet round trip: `export xlsx` and `import xlsx` ---

UNKNOWN_COLUMN = Problem(
    "unknown column{hint}",
    "The second row of a sheet names the field of each column; write one of the workbook's field names there, or "
    "leave it empty for a column of your own notes, which is not imported.", "column")
KEY_COLUMN_MISSING = Problem(
    "the sheet has no column {key}, so its rows cannot be matched to the files",
    "Export the workbook again, or bring back the column (its second row says which field it holds).", "column")
ROW_WITHOUT_KEY = Problem("the row has values but no {key}", "Write the identifier, or delete the row.")
UNKNOWN_ROW = Problem(
    "there is no {kind} '{id}' in the catalogue; make a new one with: python build.py new {command}, then export "
    "the workbook again",
    "A row cannot make a new file: make it with `new`, then export again. A new task is a new row on the tasks' "
    "sheet.", "id")
ROW_TWICE = Problem("row {row} is about the same item ({what}); keep one of them",
                    "Two rows name the same item (or the same position); delete one.")
CELLS_DISAGREE = Problem("{other} sets the same field to {value}",
                         "Two cells write one field (the responsible organisation is on two sheets); make them agree.")
CHANGED_SINCE_EXPORT = Problem(
    "has changed since the workbook was exported, and the workbook would undo that change; export again and make "
    "your changes in the new workbook",
    "Someone changed the file after the export: export again and copy your changes into the new workbook.", "file")
ROW_NOT_IN_SHEET = Problem("{what} is not in the sheet {sheet}; it is kept (import with --allow-deletions to "
                           "delete it)", kind=NOTE)
ROW_DELETED = Problem("{what} is not in the sheet {sheet}: deleted", kind=NOTE)
ROW_ADDED = Problem("{place} adds {field}", kind=PART)
IMPORTED = Problem("Changed {cells} in {files}.", kind=NOTE)
IMPORT_DRY_RUN = Problem("--dry-run: nothing was written; the import would change {cells} in {files}.", kind=NOTE)
IMPORT_NOTHING = Problem("The workbook has no changes; no file was written.", kind=NOTE)
EXPORTED = Problem("Wrote {path}: {rows}.", kind=NOTE)
COUNT_CELLS = Problem("{count} cell", kind=PART, plural="{count} cells")
COUNT_TASKS = Problem("{count} task", kind=PART, plural="{count} tasks")
SHEET_NOT_READ = Problem("the sheet {sheet} is not one of the workbook's sheets and is not read", kind=NOTE)
ONLY_XLSX = Problem("{path}: only .xlsx workbooks are supported; save it as an Excel workbook (.xlsx) and try "
                    "again", kind=NOTE)
NO_ODS = Problem(
    "{path}: LibreOffice's .ods is not supported, only .xlsx. In LibreOffice Calc choose File > Save As..., "
    "file type \"Excel 2007-365 (.xlsx)\", and \"Use Excel 2007-365!\" when asked; then import the .xlsx file. "
    "(export writes .xlsx, which LibreOffice opens as it is.)", kind=NOTE)
WORKBOOK_UNREADABLE = Problem("{path}: cannot be read as an .xlsx workbook ({reason})", kind=NOTE)
NOT_OUR_WORKBOOK = Problem("{path}: not a workbook made by export (it has no sheet '{sheet}'); make one with: "
                           "python build.py export xlsx FILE.xlsx", kind=NOTE)
CANNOT_WRITE_FILE = Problem("{path}: cannot write ({reason}); no file was changed", kind=NOTE)

SHEET_ACTIONS = Problem("Actions", kind=PART)
SHEET_TASKS = Problem("Tasks", kind=PART)
SHEET_ACTION_ORGANISATIONS = Problem("Action organisations", kind=PART)
SHEET_CATEGORIES = Problem("Categories", kind=PART)
SHEET_ORGANISATIONS = Problem("Organisations", kind=PART)
SHEET_CONTACTS = Problem("Contacts", kind=PART)
SHEET_INDICATORS = Problem("Indicators", kind=PART)
SHEET_INDICATOR_VALUES = Problem("Indicator values", kind=PART)
SHEET_INDICATOR_GOALS = Problem("Indicator goals", kind=PART)

SHEET_PROCUREMENTS = Problem("Procurements", kind=PART)
SHEET_CRITERIA_SETS = Problem("Criteria sets", kind=PART)
SHEET_FACTOR_TABLES = Problem("Emission factor tables", kind=PART)
SHEET_FACTORS = Problem("Emission factors", kind=PART)

HEADING_ID = Problem("Identifier", kind=PART)
HEADING_ORDER = Problem("Order", kind=PART)
HEADING_NAME = Problem("Name", kind=PART)
HEADING_LEAD = Problem("Summary", kind=PART)
HEADING_STATUS = Problem("Status", kind=PART)
HEADING_STATUS_FROM = Problem("Status from", kind=PART)
HEADING_STATUS_REASON = Problem("Status reason", kind=PART)
HEADING_PHASE = Problem("Phase", kind=PART)
HEADING_RESPONSIBLE = Problem("Responsible organisation", kind=PART)
HEADING_UPDATED = Problem("Updated", kind=PART)
HEADING_CONTACTS = Problem("Contact persons", kind=PART)
HEADING_CATEGORIES = Problem("Categories", kind=PART)
HEADING_INDICATORS = Problem("Indicators", kind=PART)
HEADING_START = Problem("Start", kind=PART)
HEADING_END = Problem("End", kind=PART)
HEADING_CONTINUOUS = Problem("Continuous", kind=PART)
HEADING_EMISSION_REDUCTION = Problem("Emission reduction (t CO2e/yr)", kind=PART)
HEADING_EMISSION_BASIS = Problem("Basis of the estimate", kind=PART)
HEADING_PROCUREMENT_VOLUME = Problem("Procurement volume (EUR/yr)", kind=PART)
HEADING_CPV_CODES = Problem("CPV codes", kind=PART)
HEADING_GPP_LEVEL = Problem("Green procurement criteria", kind=PART)
HEADING_ACTION = Problem("Action", kind=PART)
HEADING_POSITION = Problem("Position", kind=PART)
HEADING_TASK = Problem("Task", kind=PART)
HEADING_STATE = Problem("State", kind=PART)
HEADING_DUE = Problem("Due", kind=PART)
HEADING_COMPLETED = Problem("Completed", kind=PART)
HEADING_COMMENT = Problem("Comment", kind=PART)
HEADING_ORGANISATION = Problem("Organisation", kind=PART)
HEADING_ROLE = Problem("Role", kind=PART)
HEADING_DESCRIPTION = Problem("Description", kind=PART)
HEADING_PARENT = Problem("Parent", kind=PART)
HEADING_ABBREVIATION = Problem("Abbreviation", kind=PART)
HEADING_KIND = Problem("Kind", kind=PART)
HEADING_TITLE = Problem("Job title", kind=PART)
HEADING_EMAIL = Problem("E-mail", kind=PART)
HEADING_INDICATOR = Problem("Indicator", kind=PART)
HEADING_UNIT = Problem("Unit", kind=PART)
HEADING_CHART = Problem("Chart", kind=PART)
HEADING_DATE = Problem("Date", kind=PART)
HEADING_VALUE = Problem("Value", kind=PART)

HEADING_STAGE = Problem("Stage", kind=PART)
HEADING_PROCUREMENT_VALUE = Problem("Value (EUR, without VAT)", kind=PART)
HEADING_PROCEDURE_DATE = Problem("Date of the procedure", kind=PART)
HEADING_GPP_AIMS = Problem("Green procurement aims", kind=PART)
HEADING_CLEAN_VEHICLES = Problem("Clean vehicles directive", kind=PART)
HEADING_ACTIONS = Problem("Actions", kind=PART)
HEADING_CRITERIA_SETS = Problem("Criteria sets", kind=PART)
HEADING_NOTICE_URL = Problem("Notice", kind=PART)
HEADING_LEVEL = Problem("Level", kind=PART)
HEADING_CATEGORY = Problem("Category", kind=PART)
HEADING_CPV_PREFIXES = Problem("CPV prefixes", kind=PART)
HEADING_SOURCE = Problem("Source", kind=PART)
HEADING_SOURCE_URL = Problem("Address of the source", kind=PART)
HEADING_VALID_FROM = Problem("Valid from", kind=PART)
HEADING_VALID_UNTIL = Problem("Valid until", kind=PART)
HEADING_ADOPTED_BY = Problem("Adopted by", kind=PART)
HEADING_YEAR = Problem("Year", kind=PART)
HEADING_VERSION = Problem("Version", kind=PART)
HEADING_EXAMPLE = Problem("Example figures", kind=PART)
HEADING_FACTOR_TABLE = Problem("Emission factor table", kind=PART)
HEADING_CPV_PREFIX = Problem("CPV prefix", kind=PART)
HEADING_FACTOR = Problem("Factor (kg CO2e/EUR)", kind=PART)
HEADING_LABEL = Problem("What it covers", kind=PART)

VALIDATION_TITLE = Problem("Check the value", kind=PART)
VALIDATION_CHOOSE = Problem("Choose a value from the list.", kind=PART)
VALIDATION_SEVERAL = Problem("Choose from the list; several identifiers are separated by commas (choose Yes to keep "
                             "them: the import checks each one).", kind=PART)
VALIDATION_DATE = Problem("Write a date.", kind=PART)
VALIDATION_NUMBER = Problem("Write a number.", kind=PART)
VALIDATION_WHOLE_NUMBER = Problem("Write a whole number.", kind=PART)

COUNT_PROCUREMENTS = Problem("{count} procurement", kind=PART, plural="{count} procurements")
COUNT_CRITERIA_SETS = Problem("{count} criteria set", kind=PART, plural="{count} criteria sets")
COUNT_FACTOR_TABLES = Problem("{count} emission factor table", kind=PART, plural="{count} emission factor tables")

COUNTS = {"action": COUNT_ACTIONS, "category": COUNT_CATEGORIES, "organisation": COUNT_ORGANISATIONS,
          "contact": COUNT_CONTACTS, "indicator": COUNT_INDICATORS, "procurement": COUNT_PROCUREMENTS,
          "criteria_set": COUNT_CRITERIA_SETS, "factor_table": COUNT_FACTOR_TABLES}
