"""Every message declared, by name: the content's problems and what the commands say, for the editors' guide,
the catalogues and the tests that check each one is translated and used."""

from __future__ import annotations

from . import network_problems, problems, procurement_problems, said
from .problems import Problem


def declared(module) -> dict[str, Problem]:
    return {name: value for name, value in vars(module).items() if isinstance(value, Problem)}


ALL = {**declared(problems), **declared(said), **declared(procurement_problems), **declared(network_problems)}
