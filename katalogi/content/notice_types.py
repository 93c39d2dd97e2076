"""The eForms notice subtypes (OPP-070): the form type (BT-03) and notice type (BT-02) of each, and the stage of a
procurement record that a notice of each form type tells of. From the eForms SDK's notice-types/notice-types.json.

Notices of the forms not in FORMS (contract modification, completion, pre-market
consultation, European economic interest groupings) are not imported.
"""

from __future__ import annotations

FORMS = {"planning": "planning", "competition": "tender", "result": "contract", "dir-awa-pre": "contract"}
SUBTYPES = {  # eForms subtype -> its form type (BT-03) and notice type (BT-02), from the SDK's notice-types.json
    **{str(n): ("planning", "pin-buyer") for n in (1, 2, 3)}, **{str(n): ("planning", "pin-only") for n in (4, 5, 6)},
    **{str(n): ("planning", "pin-rtl") for n in (7, 8, 9)},
    **{str(n): ("competition", "pin-cfc-standard") for n in (10, 11)},
    **{str(n): ("competition", "pin-cfc-social") for n in (12, 13, 14)}, "15": ("competition", "qu-sy"),
    **{str(n): ("competition", "cn-standard") for n in (16, 17, 18, 19)},
    **{str(n): ("competition", "cn-social") for n in (20, 21)}, "22": ("competition", "subco"),
    **{str(n): ("competition", "cn-desg") for n in (23, 24)},
    **{str(n): ("dir-awa-pre", "veat") for n in (25, 26, 27, 28)},
    **{str(n): ("result", "can-standard") for n in (29, 30, 31, 32)},
    **{str(n): ("result", "can-social") for n in (33, 34, 35)},
    **{str(n): ("result", "can-desg") for n in (36, 37)},
    **{str(n): ("cont-modif", "can-modif") for n in (38, 39, 40)},
    "CEI": ("competition", "pin-cfc-standard"), "E1": ("consultation", "pmc"), "E2": ("planning", "pin-only"),
    "E3": ("competition", "cn-standard"), "E4": ("result", "can-standard"), "E5": ("completion", "compl"),
    "E6": ("cont-modif", "can-modif"), "T01": ("planning", "pin-tran"), "T02": ("result", "can-tran"),
    "X01": ("bri", "brin-eeig"), "X02": ("bri", "brin-ecs"),
}


def subtype_stage(subtype: str | None) -> str | None:
    """The stage a notice of this subtype tells of (a change notice: the stage of what it changes), or None."""
    form = SUBTYPES.get(subtype or "", ("", ""))[0]
    return FORMS.get(form)
