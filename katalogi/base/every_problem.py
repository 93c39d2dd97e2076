"""Every message declared, by name: the content's problems, what the commands say, the relations', the city's own
fields' and the reminders' (coordination.py) and the network's (network_problems.py), for the editors' guide, the
catalogues and the tests that check each one is translated and used."""

from __future__ import annotations

from . import coordination, network_problems, problems, procurement_problems, said
from .problems import Problem


def declared(module) -> dict[str, Problem]:
    return {name: value for name, value in vars(module).items() if isinstance(value, Problem)}


ALL = {**declared(problems), **declared(said), **declared(procurement_problems), **declared(coordination),
       **declared(network_problems)}
