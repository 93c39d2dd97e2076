"""The messages of a network of catalogues: shared definitions kept once (site_config.yaml's `shared`) and the
catalogues a comparison site reads (`members`), declared once like the content's problems (problems.py) and
translated in the same catalogues; every_problem.ALL has them after the others.
"""

from __future__ import annotations

from .problems import NOTE, PART, Problem

# --- site_config.yaml: where a source is ---

SOURCE_WHERE = Problem(
    "write either folder or repository: where the {what} is",
    "A folder is a path on this machine (relative to site_config.yaml's folder); a repository is a git repository's "
    "address or folder, read at its version.", "shared")
SOURCE_NO_VERSION = Problem(
    "a shared source read from a repository needs its version: the tag or commit to read it at",
    "Pin the shared definitions, such as version: yhteiset-2024.1, so that your figures do not change when the "
    "network changes its definitions; move the pin when you take a new version.", "shared.version")
MEMBER_NO_VERSION = Problem(
    "a member read from a repository needs its version: a tag, a branch or a commit",
    "Write the branch the member publishes from (main), or a tag to compare the member as it was then.",
    "members.version")
SOURCE_TWICE = Problem("{id} is listed twice, also at line {line}", "Give each source and member an identifier of its "
                       "own.", "id")
ADOPTED_TWICE = Problem("the criteria set {id} is adopted twice, also at line {line}",
                        "Write one adoption for each criteria set, with every organisation that adopted it.",
                        "shared.adopted")
WHAT_SHARED = Problem("shared source", kind=PART)
WHAT_MEMBER = Problem("member", kind=PART)

# --- reading a source: a folder, or a git repository at a version ---

SOURCE_FOLDER_MISSING = Problem(
    "the folder {folder} does not exist",
    "Write the path of the folder relative to the folder of site_config.yaml, or an absolute path.", "folder")
SOURCE_NOT_SHARED = Problem(
    "{where} has no content/ folder of shared definitions",
    "A shared source holds content/criteria/, content/emission_factors/, content/indicators/ or "
    "content/categories/, as a catalogue does.", "folder")
MEMBER_NOT_CATALOGUE = Problem(
    "{where} is not a catalogue: it has no site_config.yaml",
    "Name the folder (or repository) that holds the member's site_config.yaml and content/.", "folder")
SOURCE_NO_GIT = Problem("git is not installed, so the repository {repository} cannot be read",
                        "Install git, or name a folder instead.", "repository")
SOURCE_UNREACHABLE = Problem(
    "git cannot read the repository {repository}: {detail}",
    "Check the address and that this machine may read it; the build fetches it into .katalogi-cache/ and reads it "
    "from there.", "repository")
SOURCE_VERSION_UNKNOWN = Problem(
    "the repository {repository} has no tag, branch or commit {version}",
    "Write a tag, branch or commit the repository has (git ls-remote lists them).", "version")
SOURCE_BRANCH = Problem(
    "{version} is a branch of {repository}, which moves when the network changes its definitions; pin a tag or a "
    "commit",
    "A pinned version keeps your figures as they are until you choose to move it; write the tag of the version "
    "you use.", "shared.version")
SOURCE_FOLDER_IN_REMOTE = Problem(
    "the folder {folder} cannot be read beside a catalogue fetched from {repository}",
    "A catalogue read from a repository's address names its shared sources by their addresses too.", "folder")

# --- shared content ---

SHARED_FOLDER = Problem(
    "a shared source holds only criteria sets, emission factor tables, indicators and categories ({folders}); "
    "this file is not read",
    "Keep actions, organisations, contacts and procurement records in each catalogue's own content/.", "file")
SHARED_SHADOWED = Problem(
    "the {kind} '{id}' is also in the shared source {source} ({place}); a catalogue cannot redefine a shared item",
    "Give your own item another identifier, or remove your file and use the shared one as it is.", "id")
SHARED_ADOPTED_BY = Problem(
    "a shared criteria set names no organisations: each catalogue writes who adopted it, and since when, in its own "
    "site_config.yaml (shared: adopted)",
    "Remove adopted_by from the shared file.", "adopted_by")
SHARED_NOT_COMPUTED = Problem(
    "a shared indicator is computed from each catalogue's own procurement records: write its computed: rule",
    "Keep indicators measured by one organisation in that catalogue's own content/indicators/.", "computed")
SHARED_VALUES = Problem(
    "a shared indicator has no values of its own: each catalogue's values are computed from its own procurement "
    "records", "Remove values from the shared file.", "values")
SHARED_ORGANISATION = Problem(
    "a shared indicator names no organisation: each catalogue counts its own procurement records",
    "Remove computed.organisation from the shared file.", "computed.organisation")
ADOPTED_UNKNOWN = Problem(
    "the shared source {source} has no criteria set '{id}'{hint}",
    "Write the identifier of a criteria set of that source (its page lists them).", "shared.adopted")

# --- what a build says about members ---

MEMBER_BROKEN = Problem(
    "the member {member} does not pass its checks: {count} problem, each listed with the member before its path",
    "Fix the member's content (its own `check` lists the same problems), or build without --strict-members to leave "
    "it out of the figures.", "members",
    plural="the member {member} does not pass its checks: {count} problems, each listed with the member before "
           "its path")
MEMBER_LEFT_OUT = Problem(
    "members: {member} left out of the figures: {count} problem; the first: {first}", kind=NOTE,
    plural="members: {member} left out of the figures: {count} problems; the first: {first}")
PROBLEM_AT = Problem("{place}: {field}: {message}", kind=PART)
