"""site_config.yaml's fields: everything a city sets for its site, with its type and what it means."""



from .codes import (
    ATTRIBUTE_TYPE,
    COMPLIANCE_LEVEL,
    EDITOR_BACKENDS,
    GPP_LEVEL,
    HISTORY_COMMITS,
    LANGUAGES,
    SHARE_MEASURE,
    STATUS_SOURCE,
)
from .field_types import Boolean, Choice, Colour, Date, Identifier, Integer, Markdown, Number, SiteUrl, Text, Url
from .schema import Field, ListOf, Object

BUYER = Object((
    Field("registration_number", Text(translatable=False), "The buyer's registration number in the notices "
          "(eForms BT-501), as they write it.", example="0201256-6"),
    Field("name", Text(translatable=False), "The buyer's name in the notices (eForms BT-500): with "
          "registration_number, the buyer of that number and name (a unit that publishes under its city's business "
          "id); alone, any buyer of that name. Case and punctuation do not matter.",
          example="Helsingin kaupunki, ympäristöpalvelut"),
    Field("organisation", Identifier(), "The organisation of the catalogue that is this buyer.", required=True,
          example="kymp"),
))

FOLDER_FIELD = Field("folder", Text(translatable=False), "A folder on this machine, relative to the folder of "
                     "site_config.yaml (or absolute); instead of repository.", example="../yhteiset")
REPOSITORY_FIELD = Field("repository", Text(translatable=False), "A git repository: its address (https://, ssh) "
                         "or its folder on this machine; the build reads it at `version` without a checkout, and "
                         "fetches one from an address into .katalogi-cache/.",
                         example="https://github.com/keino/yhteiset-maaritelmat.git")

SHARED_SOURCE = Object((
    Field("id", Identifier(), "Identifier of the source: its page is /yhteiset/<id>/, and problems in it are "
          "named <id>@<version>:content/...", required=True, example="keino"),
    Field("name", Text(), "Name of the source, shown on every page that uses its definitions; the identifier when "
          "left out.", example="KEINO:n yhteiset määritelmät"),
    FOLDER_FIELD,
    REPOSITORY_FIELD,
    Field("version", Text(translatable=False), "The tag or commit of the repository to read: the pin. Required "
          "with repository; move it to take a new version (the source's page then shows what changed).",
          example="yhteiset-2024.1"),
    Field("adopted", ListOf(Object((
        Field("criteria_set", Identifier(), "A criteria set of this source.", required=True,
              example="pks-kevyet-kuljetukset"),
        Field("organisations", ListOf(Identifier()), "The organisations of this catalogue that adopted it.",
              required=True, example=["helsinki"]),
        Field("since", Date(), "The day they adopted it.", required=True, example="2019-04-01"),
    ))), "The source's criteria sets this catalogue adopted: who, and since when."),
))

MEMBER = Object((
    Field("id", Identifier(), "Identifier of the member in the comparison's pages and open data.", required=True,
          example="espoo"),
    FOLDER_FIELD,
    REPOSITORY_FIELD,
    Field("version", Text(translatable=False), "The branch, tag or commit of the repository to read; required "
          "with repository. A branch is fetched again by every build.", example="main"),
))

STATUS = Object((
    Field("id", Identifier(), "Identifier used in actions' status field.", required=True, example="on_time"),
    Field("label", Text(), "Label shown on the badge.", required=True, example="Ajallaan"),
    Field("colour", Colour(), "Badge colour as #rrggbb; the text colour is chosen for contrast.",
          required=True, example="#00d7a7"),
    Field("completed", Boolean(), "true if an action with this status counts as completed.",
          default=False, example=False),
    Field("final", Boolean(), "true if the status closes the action (such as cancelled); a status derived from "
          "tasks never replaces a final or completed status.", default=False, example=False),
))

DEPENDENCY_ROLE = Object((
    Field("id", Identifier(), "Identifier used in actions' depends_on[].role.", required=True, example="requires"),
    Field("label", Text(), "What the dependent action's page says before the actions it depends on in this role.",
          required=True, example="Edellyttää"),
    Field("reverse_label", Text(), "What the other action's page says before the actions that depend on it in this "
          "role.", required=True, example="Edellytys toimenpiteille"),
))

ATTRIBUTE = Object((
    Field("id", Identifier(), "The field's name in the content files, under attributes:.", required=True,
          example="budjetti"),
    Field("type", ATTRIBUTE_TYPE, "text, markdown, number (with its unit), choice, ordered_choice (choices in "
          "order, such as small, medium, large), date, boolean (yes or no), or category (a category of the branch "
          "`under` names).", required=True, example="number"),
    Field("label", Text(), "The field's name on the pages, in the workbook and in the web editor.", required=True,
          example="Budjetti"),
    Field("help", Text(), "What to write in the field: shown to editors in the scaffold, the schema and the web "
          "editor.", example="Toimenpiteen vuosibudjetti euroina."),
    Field("required", Boolean(), "true if every item must have a value.", default=False, example=False),
    Field("unit", Text(), "The unit of a number, shown after it.", example="€"),
    Field("choices", ListOf(Object((
        Field("id", Identifier(), "The code written in the content files.", required=True, example="pieni"),
        Field("label", Text(), "The choice's name on the pages.", required=True, example="Pieni"),
    ))), "The choices of a choice or ordered_choice field, in order."),
    Field("under", Identifier(), "For a category field: the category whose branch the value must be in (the "
          "category itself or one below it), such as the root of a category type; without it, any category.",
          example="teemat"),
    Field("section", Text(), "The heading of the section of the page that shows the field; fields with the same "
          "section are shown together. Default: Lisätiedot (More information).", example="Talous"),
))

SITE_CONFIG = Object((
    Field("title", Text(), "Site title.", required=True, example="Hankintojen toimenpiteet"),
    Field("description", Markdown(), "Introduction on the front page, in Markdown.",
          example="Helsingin kaupungin hankintojen toimenpideohjelma."),
    Field("languages", ListOf(Choice(LANGUAGES)), "Languages of the site, the default language first; pages "
          "of the others are under /sv/, /en/. Any text field can then be a mapping by language. Default: `[fi]`.",
          example=["fi", "sv", "en"]),
    Field("site_url", SiteUrl(), "Address of the host the site is published on, such as https://www.example.org; "
          "with it pages get canonical links and Open Graph addresses and sitemap.xml is written.",
          example="https://www.example.org"),
    Field("base_path", Text(translatable=False), "Path the site is published under, such as /hankinnat/.", default="/",
          example="/"),
    Field("notice", Text(), "Notice banner shown at the top and bottom of every page.",
          example="TESTI Tämä on palvelun testiversio"),
    Field("as_of", Date(), "Date against which tasks are overdue; the build date if left out.",
          example="2019-10-20"),
    Field("show_contact_email", Boolean(), "Show the e-mail addresses of contact persons who agreed to it "
          "(public_email: true); no other address is ever published.", default=False,
          example=False),
    Field("status_from", STATUS_SOURCE, "Where actions' statuses come from: editor (each action's "
          "status field) or tasks (late when an open task is past due, not_started before the first completed "
          "task, otherwise on_time). An action's own status_from overrides it.", default="editor",
          example="tasks"),
    Field("stale_after_months", Integer(minimum=1), "An action not updated for this many months is listed as stale on "
          "the dashboard.", default=12, example=12),
    Field("statuses", ListOf(STATUS), "The progress statuses actions can have.", required=True),
    Field("dependency_roles", ListOf(DEPENDENCY_ROLE), "The roles a dependency between actions can have "
          "(depends_on[].role), such as requires or supports."),
    Field("attributes", Object((
        Field("actions", ListOf(ATTRIBUTE), "The fields every action may have besides the built-in ones."),
        Field("categories", ListOf(ATTRIBUTE), "The fields every category may have besides the built-in ones."),
    )), "The city's own fields, written in the content files under attributes: and checked, shown and published "
        "like the built-in ones."),
    Field("reminders", Object((
        Field("due_within_days", Integer(minimum=0), "Remind of open tasks due within this many days (and of "
              "indicators whose next value is).", default=14, example=14),
        Field("not_updated_months", Integer(minimum=1), "Remind of open actions not updated for this many months; "
              "without it, stale_after_months.", example=6),
        Field("sender", Text(translatable=False), "The reminders' From address; the environment variable "
              "KATALOGI_MAIL_FROM overrides it.", example="ohjelma@example.org"),
    )), "What `remind` reminds contact persons of, and from which address."),
    Field("licence", Object((
        Field("name", Text(translatable=False), "Name of the licence.", required=True, example="CC BY 4.0"),
        Field("url", Url(), "Address of the licence text.", required=True,
              example="https://creativecommons.org/licenses/by/4.0/deed.fi"),
    )), "Licence of the open data and texts. Default: CC BY 4.0."),
    Field("accessibility", Object((
        Field("statement_date", Date(), "Date the accessibility statement was made or last reviewed.",
              required=True, example="2019-10-15"),
        Field("compliance", COMPLIANCE_LEVEL, "full, partial or none: how the site meets WCAG 2.1 AA.",
              default="full", example="full"),
        Field("known_issues", ListOf(Markdown()), "Content that is not yet accessible, each in Markdown.",
              example=["Mittarikaavioiden luvut ovat myös taulukkona."]),
        Field("contact_email", Text(translatable=False), "Where readers report accessibility problems.",
              required=True, example="kirjaamo@example.org"),
        Field("contact_name", Text(), "Who answers the feedback.", example="Kaupunkiympäristön toimiala"),
    )), "The accessibility statement (saavutettavuusseloste) shown at /saavutettavuusseloste/."),
    Field("history", Object((
        Field("enabled", Boolean(), "false turns the history from git off, as build --no-history does: no change "
              "history on action pages, no changes feed, updated dates only from the files.", default=True,
              example=True),
        Field("since", Text(translatable=False), "Only commits after this count: a date YYYY-MM-DD (commits made "
              "on or after that day) or a commit, by its hash or a tag such as v1.0 (the commits after it, not the "
              "commit itself).", example="2024-01-01"),
        Field("commits", Choice(HISTORY_COMMITS), "all: every commit that changed a content file; content_only: only "
              "commits that changed nothing outside the catalogue's content/ folder, so a commit that also changed "
              "code, templates or documents is not public history.", default="all", example="content_only"),
    )), "Which commits are the public history: the change history on action pages, the changes feed "
        "muutokset.xml, and updated dates taken from commits. Without it, every commit that changed a content file."),
    Field("reports", Object((
        Field("tags", Text(translatable=False), "Which git tags are reporting rounds, as a pattern: raportti/* takes "
              "raportti/2019-h2, whose round is then at /raportit/2019-h2/.", default="raportti/*",
              example="raportti/*"),
        Field("rounds", ListOf(Object((
            Field("tag", Text(translatable=False), "The tag of the round, such as raportti/2019-h2.", required=True,
                  example="raportti/2019-h2"),
            Field("label", Text(), "Name of the round; without it, the first line of the tag's message.",
                  example="Raportti 2019, syksy"),
            Field("date", Date(), "Date the round reports on; without it, the date line of the tag's message or "
                  "the day the tag was made.", example="2019-12-31"),
        ))), "Label and date of each round, when the tag's message does not give them."),
        Field("late_actions", Integer(minimum=1), "How many late actions the council report lists for each "
              "division, the most overdue first; the others are counted, with the address of the round's web "
              "list of them.", default=10, example=10),
    )), "Reporting rounds: git tags of the content repository, each a frozen snapshot reported to the council, "
        "with its pages under /raportit/. Without it, tags named raportti/*."),
    Field("green_share", Object((
        Field("criteria", ListOf(GPP_LEVEL), "Which green public procurement criteria (eForms BT-805) make a "
              "procurement green: eu, national, other. Default: `[eu, national, other]`.",
              example=["eu", "national"]),
        Field("target", Number(minimum=0), "The city's target for the green share, in per cent.", example=50),
        Field("measure", SHARE_MEASURE, "Which share the targets are set for: euros (of the procurements' value) "
              "or count (of their number).", default="euros", example="euros"),
        Field("targets", ListOf(Object((
            Field("organisation", Identifier(), "The organisation (a division, an enterprise or a unit) the target "
                  "is for; its units are counted with it.", required=True, example="kymp"),
            Field("target", Number(minimum=0), "Its target for the green share, in per cent.", required=True,
                  example=60),
        ))), "Targets of single organisations, when they differ from the city's."),
    )), "The green share of procurements, defined once: the procuring organisations' page, the organisation "
        "pages, the dashboard, the council report and the indicators computed from the procurement records all "
        "count it this way, by count and by euros."),
    Field("editor", Object((
        Field("enabled", Boolean(), "true adds the web editor (Decap CMS) at /admin/; it commits to the "
              "repository, or writes content/ directly under `serve`.", default=False, example=True),
        Field("backend", Choice(EDITOR_BACKENDS), "Where the published site's editor commits: github or gitlab.",
              default="github", example="github"),
        Field("repo", Text(translatable=False), "The repository as owner/name.", example="helsinki/hankinnat"),
        Field("branch", Text(translatable=False), "The branch the editor commits to.", default="main",
              example="main"),
        Field("base_url", Text(translatable=False), "GitHub: the address of the OAuth server that lets editors "
              "log in (such as https://oauth.example.org); GitLab: the address of a self-hosted GitLab.",
              example="https://oauth.example.org"),
        Field("auth_endpoint", Text(translatable=False), "The OAuth server's path to start logging in, if it is "
              "not auth (GitHub) or oauth/authorize (GitLab).", example="auth"),
        Field("app_id", Text(translatable=False), "GitLab: the application ID of the OAuth application; with it "
              "editors log in by PKCE, with no server of one's own.", example="0123abcd"),
        Field("api_root", Text(translatable=False), "GitLab: the API address of a self-hosted GitLab, such as "
              "https://gitlab.example.org/api/v4.", example="https://gitlab.example.org/api/v4"),
    )), "The web editor at /admin/ (Decap CMS, bundled with the site): off unless enabled."),
    Field("procurements", Object((
        Field("ocid_prefix", Text(translatable=False), "The prefix of the open contracting identifiers (ocid) in "
              "data/procurements-ocds.json: the one the Open Contracting Partnership registered for the publisher, "
              "such as ocds-a1b2c3.", default="ocds-katalogi", example="ocds-a1b2c3"),
        Field("buyers", ListOf(BUYER), "Which organisation of the catalogue a buyer of the notices is (`import "
              "notices`): a buyer is looked for here first, then among the organisations' business ids."),
    )), "Procurement records: the open contracting identifiers, and the notices' buyers."),
    Field("shared", ListOf(SHARED_SOURCE), "Shared definitions kept once by a network (criteria sets, emission "
          "factor tables, computed indicators, categories with roadmaps), each a folder or a git repository pinned "
          "at a version; their items are used like the catalogue's own (docs/network.md)."),
    Field("members", ListOf(MEMBER), "The catalogues this site compares (a comparison site): each is read, checked "
          "and linked with its own site_config.yaml, and its figures are set side by side under /vertailu/ "
          "(docs/network.md)."),
))
