"""The messages of what a programme team coordinates: relations between actions, the city's own fields
(attributes) and the reminders to the people responsible, declared like problems.py's and said.py's
(every_problem.ALL has them all)."""

from __future__ import annotations

from .problems import NOTE, PART, Problem

# --- Relations between actions ---

RELATION_TO_ITSELF = Problem("an action cannot name itself here ('{id}' is this action)",
                             "Name another action, or delete the line.", "related, depends_on, merged_into, "
                             "superseded_by")
MERGED_AND_SUPERSEDED = Problem(
    "an action is either merged into another or superseded by another, not both",
    "Keep merged_into (its work continues in the other action) or superseded_by (the other action replaces it).",
    "superseded_by")
DEPENDENCY_CIRCLE = Problem(
    "the actions {actions} depend on each other in a circle ({loop}); a chain of depends_on must end",
    "Delete the depends_on entry that closes the circle.", "depends_on")
REPLACEMENT_CIRCLE = Problem(
    "the actions {actions} are merged into or superseded by each other in a circle ({loop}); the work must end "
    "up in one action", "Point merged_into or superseded_by at the action the work continues in.",
    "merged_into, superseded_by")

DEPENDENCY_ROLE_TWICE = Problem("duplicate dependency role '{id}', also on line {line}",
                                "(site_config.yaml) A role is listed twice.", "dependency_roles[…].id")

# --- The city's own fields (attributes) ---

UNKNOWN_ATTRIBUTE = Problem("unknown field{hint}; site_config.yaml's attributes declare the fields a city adds",
                            "A misspelt field name, or a field site_config.yaml does not declare.")
ATTRIBUTE_NOT_UNDER = Problem("'{id}' is not the category {root} or one below it",
                              "Choose a category of the branch the field's `under` names.")
ATTRIBUTE_TWICE = Problem("the field '{id}' is declared twice, also on line {line}",
                          "(site_config.yaml) Declare each field once.", "attributes")
ATTRIBUTE_CHOICES_MISSING = Problem("a field of type {type} needs its choices",
                                    "(site_config.yaml) List the choices, each with an id and a label.",
                                    "attributes")
ATTRIBUTE_CHOICES_UNUSED = Problem("only a field of type choice or ordered_choice has choices",
                                   "(site_config.yaml) Delete the choices, or change the type.", "attributes")
ATTRIBUTE_UNIT_UNUSED = Problem("only a field of type number has a unit",
                                "(site_config.yaml) Delete the unit, or change the type.", "attributes")
ATTRIBUTE_UNDER_UNUSED = Problem("only a field of type category has under",
                                 "(site_config.yaml) Delete under, or change the type.", "attributes")
ATTRIBUTE_CHOICE_TWICE = Problem("the choice '{id}' is listed twice", "(site_config.yaml) List each choice once.",
                                 "attributes")

# --- Reminders (`remind`) ---

REMINDERS_WRITTEN = Problem("Wrote {count} reminder into {out} ({items}); nothing was sent.", kind=NOTE,
                            plural="Wrote {count} reminders into {out} ({items}); nothing was sent.")
REMINDERS_SENT = Problem("Sent {count} reminder ({items}).", kind=NOTE, plural="Sent {count} reminders ({items}).")
REMINDERS_NONE = Problem("Nothing to remind anyone of on {date}.", kind=NOTE)
REMINDERS_ALREADY_SENT = Problem("{count} reminder was already sent today; it is not sent again.", kind=NOTE,
                                 plural="{count} reminders were already sent today; they are not sent again.")
REMINDER_NOT_SENT = Problem("{contact} <{email}>: not sent ({reason}); it is sent on the next run", kind=NOTE)
REMINDERS_UNSENT = Problem("{count} reminder was not sent; run remind --send again to send it.", kind=NOTE,
                           plural="{count} reminders were not sent; run remind --send again to send them.")
REMINDER_NO_ADDRESS = Problem(
    "{count} contact has something to be reminded of but no email: {contacts}", kind=NOTE,
    plural="{count} contacts have something to be reminded of but no email: {contacts}")
COUNT_REMINDER_ITEMS = Problem("{count} thing to do", kind=PART, plural="{count} things to do")
SMTP_NOT_SET = Problem("--send needs the mail server: set {variable} (docs/commands.md lists the variables)",
                       kind=NOTE)
SMTP_BAD_PORT = Problem("{variable} must be a port number, got {value}", kind=NOTE)
SMTP_BAD_SECURITY = Problem("{variable} must be one of starttls, tls or none, got {value}", kind=NOTE)
SMTP_FAILED = Problem("cannot send through {host}:{port}: {reason}; nothing more was sent", kind=NOTE)
RECORD_UNREADABLE = Problem("{path} is not a record of sent reminders ({reason}); move it away or delete it",
                            kind=NOTE)
