"""The code lists of the content: task states, phases, roles, criteria levels, eForms codes, and the words
editors write for each code in Finnish, Swedish and English, which the checks turn into the code.
"""



from .field_types import Choice

TASK_STATES = ("not_started", "in_progress", "completed", "cancelled")
ORGANISATION_KINDS = ("city", "division", "enterprise", "unit", "external")
ROLES = ("primary", "collaborator")
STATUS_SOURCES = ("editor", "tasks")
PHASES = ("not_started", "planning", "implementation", "completed")
GPP_LEVELS = ("eu", "national", "other", "none")
LANGUAGES = ("fi", "sv", "en")  # the languages with UI catalogues in katalogi/locale/
COMPLIANCE = ("full", "partial", "none")
HISTORY_COMMITS = ("all", "content_only")
EDITOR_BACKENDS = ("github", "gitlab")  # where the published site's web editor commits (decap.py)
GPP_AIMS = ("biodiv-eco", "circ-econ", "clim-adapt", "clim-mitig", "pollu-prev", "water-mar", "other")  # eForms BT-774
PROCUREMENT_STAGES = ("planning", "tender", "contract")
PLANNED = "planning"  # a stage the procurement figures do not count: a prior information notice's plan
NOTICE_KINDS = ("pin", "cn", "can", "veat", "change")  # the eForms notices `import notices` reads
SHARE_MEASURES = ("euros", "count")  # what a green share is a share of: the procurements' euros, or their number
ATTRIBUTE_TYPES = ("text", "markdown", "number", "choice", "ordered_choice", "date", "boolean", "category")

# What editors write instead of a code, in Finnish, Swedish and English: `state: valmis` says to write completed.
TASK_STATE_WORDS = (
    ("not_started", ("ei aloitettu", "aloittamatta", "ei alkanut", "tekemättä", "inte påbörjad", "ej påbörjad",
                     "not started", "todo", "to do", "open")),
    ("in_progress", ("käynnissä", "kesken", "työn alla", "aloitettu", "tekeillä", "pågår", "pågående", "påbörjad",
                     "in progress", "ongoing", "started", "doing")),
    ("completed", ("valmis", "valmistunut", "tehty", "toteutettu", "klar", "färdig", "gjord", "avslutad", "done",
                   "complete", "finished", "ready")),
    ("cancelled", ("peruttu", "peruutettu", "keskeytetty", "inställd", "avbruten", "canceled", "dropped")),
)
PHASE_WORDS = (
    ("not_started", ("ei aloitettu", "aloittamatta", "inte påbörjad", "not started")),
    ("planning", ("suunnittelu", "suunnitteilla", "valmistelu", "planering", "plan", "planned")),
    ("implementation", ("toteutus", "toteutuksessa", "käynnissä", "genomförande", "pågår", "in progress",
                        "implementing")),
    ("completed", ("valmis", "toteutettu", "klar", "färdig", "done", "complete", "finished")),
)
ROLE_WORDS = (
    ("primary", ("vastuu", "vastuutaho", "päävastuu", "vastuuorganisaatio", "vastaava", "ansvarig", "huvudansvarig",
                 "responsible", "lead", "owner", "main")),
    ("collaborator", ("yhteistyö", "yhteistyössä", "yhteistyötaho", "kumppani", "mukana", "samarbete",
                      "samarbetspart", "partner", "participant", "support")),
)
ORGANISATION_KIND_WORDS = (
    ("city", ("kaupunki", "kunta", "stad", "kommun", "municipality")),
    ("division", ("toimiala", "sektor", "department")),
    ("enterprise", ("liikelaitos", "affärsverk", "municipal enterprise", "company")),
    ("unit", ("yksikkö", "palvelu", "osasto", "enhet", "avdelning", "service")),
    ("external", ("ulkoinen", "muu", "extern", "other", "outside")),
)
GPP_LEVEL_WORDS = (
    ("eu", ("eu:n gpp-kriteerit", "eu-kriteerit", "eu gpp", "gpp", "eu:s kriterier", "eu criteria")),
    ("national", ("kansalliset", "kansalliset kriteerit", "kansallinen", "nationella", "nationella kriterier",
                  "national criteria")),
    ("other", ("muut", "muut kriteerit", "muu", "övriga", "andra", "other criteria")),
    ("none", ("ei", "ei kriteerejä", "ei ympäristökriteerejä", "inga", "inga kriterier", "no", "no criteria")),
)
STATUS_SOURCE_WORDS = (
    ("editor", ("ylläpitäjä", "toimittaja", "käsin", "redaktör", "manual", "manually")),
    ("tasks", ("tehtävät", "tehtävistä", "uppgifter", "uppgifterna", "from tasks")),
)
CHART_WORDS = (("line", ("viiva", "viivakaavio", "käyrä", "linje", "linjediagram", "line chart")),
               ("bar", ("pylväs", "pylväskaavio", "palkki", "stapel", "stapeldiagram", "bar chart", "column")))
COMPLIANCE_WORDS = (("full", ("täysin", "täyttää", "fullt", "helt", "fully", "yes")),
                    ("partial", ("osittain", "delvis", "partially", "partly")),
                    ("none", ("ei", "ei täytä", "inte", "no", "not")))

CRITERIA_LEVELS = ("eu-gpp-core", "eu-gpp-comprehensive", "national", "city-minimum", "joint-minimum")
CRITERIA_LEVEL_WORDS = (
    ("eu-gpp-core", ("eu gpp perustaso", "eu:n perustason kriteerit", "eu core", "core", "eu gpp core criteria")),
    ("eu-gpp-comprehensive", ("eu gpp laaja", "eu:n laajat kriteerit", "eu comprehensive", "comprehensive")),
    ("national", ("kansallinen", "kansalliset kriteerit", "motiva", "nationell", "national criteria")),
    ("city-minimum", ("kaupungin minimi", "kaupungin vähimmäistaso", "vähimmäistaso", "stadens miniminivå",
                      "city minimum")),
    ("joint-minimum", ("yhteinen minimi", "yhteiset kriteerit", "pääkaupunkiseudun kriteerit", "gemensam miniminivå",
                       "joint minimum", "shared minimum")),
)
TASK_STATE = Choice(TASK_STATES, TASK_STATE_WORDS)
ROLE = Choice(ROLES, ROLE_WORDS)
PHASE = Choice(PHASES, PHASE_WORDS)
GPP_LEVEL = Choice(GPP_LEVELS, GPP_LEVEL_WORDS)
ORGANISATION_KIND = Choice(ORGANISATION_KINDS, ORGANISATION_KIND_WORDS)
CHART = Choice(("line", "bar"), CHART_WORDS)
COMPLIANCE_LEVEL = Choice(COMPLIANCE, COMPLIANCE_WORDS)
STATUS_SOURCE = Choice(STATUS_SOURCES, STATUS_SOURCE_WORDS)
CRITERIA_LEVEL = Choice(CRITERIA_LEVELS, CRITERIA_LEVEL_WORDS)

GPP_AIM_WORDS = (
    ("biodiv-eco", ("biodiversiteetti", "luonnon monimuotoisuus", "biologisk mångfald", "biodiversity")),
    ("circ-econ", ("kiertotalous", "cirkulär ekonomi", "circular economy")),
    ("clim-adapt", ("ilmastonmuutokseen sopeutuminen", "sopeutuminen", "klimatanpassning", "climate adaptation")),
    ("clim-mitig", ("ilmastonmuutoksen hillintä", "hillintä", "begränsning av klimatförändringar",
                    "climate mitigation")),
    ("pollu-prev", ("pilaantumisen ehkäisy", "förebyggande av föroreningar", "pollution prevention")),
    ("water-mar", ("vesi- ja merivarat", "vatten", "water")),
    ("other", ("muu", "övrig", "annan")),
)
STAGE_WORDS = (("planning", ("suunnittelu", "suunnitteilla", "ennakkoilmoitus", "planering", "förhandsannons",
                            "planned", "prior information")),
               ("tender", ("kilpailutus", "tarjouspyyntö", "upphandling", "anbudsförfrågan", "call for tenders")),
               ("contract", ("sopimus", "hankintasopimus", "avtal", "kontrakt", "agreement")))
GPP_AIM = Choice(GPP_AIMS, GPP_AIM_WORDS)
PROCUREMENT_STAGE = Choice(PROCUREMENT_STAGES, STAGE_WORDS)
NOTICE_KIND_WORDS = (("pin", ("ennakkoilmoitus", "förhandsannons", "prior information notice")),
                     ("cn", ("hankintailmoitus", "kilpailutusilmoitus", "meddelande om upphandling",
                             "contract notice")),
                     ("can", ("jälki-ilmoitus", "meddelande om tilldelning", "contract award notice")),
                     ("veat", ("suorahankintailmoitus", "öppenhetsmeddelande", "voluntary ex-ante transparency")),
                     ("change", ("muutosilmoitus", "oikaisuilmoitus", "ändringsmeddelande", "change notice")))
NOTICE_KIND = Choice(NOTICE_KINDS, NOTICE_KIND_WORDS)
SHARE_MEASURE = Choice(SHARE_MEASURES, (("euros", ("euroina", "euroista", "arvo", "euro", "värde", "value")),
                                        ("count", ("lukumäärä", "kappaleina", "määrä", "antal", "number"))))
ATTRIBUTE_TYPE_WORDS = (
    ("text", ("teksti", "text", "string")), ("markdown", ("pitkä teksti", "lång text", "rich text")),
    ("number", ("numero", "luku", "tal", "nummer", "numeric", "integer", "decimal")),
    ("choice", ("valinta", "val", "select", "enum")),
    ("ordered_choice", ("järjestetty valinta", "ordnat val", "ordered", "scale", "asteikko", "skala")),
    ("date", ("päivämäärä", "päivä", "datum", "day")),
    ("boolean", ("kyllä/ei", "ja/nej", "yes/no", "bool", "checkbox")),
    ("category", ("kategoria", "kategori", "category type")),
)
ATTRIBUTE_TYPE = Choice(ATTRIBUTE_TYPES, ATTRIBUTE_TYPE_WORDS)
