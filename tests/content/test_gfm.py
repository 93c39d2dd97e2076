"""cmark-gfm without cmarkgfm's leak: the same HTML, and memory that does not grow."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cmarkgfm.cmark import markdown_to_html_with_extensions

from katalogi.content import gfm
from katalogi.content.markup import EXTENSIONS, OPTIONS

SAMPLES = [
    "", "plain", "# Otsikko\n\nTeksti *korostus* ja **vahva**.", "- a\n- b\n\n1. c\n2. d",
    "| a | b |\n|---|---|\n| 1 | 2 |", "~~pois~~ https://example.org/ www.hel.fi", "- [x] tehty\n- [ ] ei",
    "<b>raaka</b> <script>x</script>", "```python\nprint(1)\n```", "ä ö å € –" * 50, "> lainaus\n> > sisempi",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_same_html_as_cmarkgfm(text):
    assert gfm.render(text, OPTIONS, EXTENSIONS) == markdown_to_html_with_extensions(text, OPTIONS, EXTENSIONS)


def test_unknown_extension_is_an_error():
    with pytest.raises(ValueError, match="unknown cmark-gfm extension"):
        gfm.render("x", OPTIONS, ["no-such-extension"])


GROWTH = """
import sys
from katalogi.content import gfm

def resident_kib():  # the current resident set: ru_maxrss would start at the parent's size (kept across exec)
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

from katalogi.content.markup import EXTENSIONS, OPTIONS
kept = []
def leaky(text, options, extensions):  # what a leak looks like: 20 KB kept per call
    kept.append(b"x" * 20_000)  # written, so its pages are resident
    return gfm.render(text, options, extensions)
render = gfm.render if sys.argv[1] == "ours" else leaky
text = "# Otsikko\\n\\n" + "Kappale, jossa on [linkki](https://example.org/) ja *korostus*.\\n\\n- kohta\\n" * 40
for _ in range(200):
    render(text, OPTIONS, EXTENSIONS)
before = resident_kib()
for _ in range(5000):
    render(text, OPTIONS, EXTENSIONS)
print(resident_kib() - before)
"""


linux_only = pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads the resident set from /proc")


def growth_kib(which: str) -> int:
    result = subprocess.run([sys.executable, "-c", GROWTH, which], capture_output=True, text=True, check=True)
    return int(result.stdout)


@linux_only
def test_rendering_many_texts_does_not_grow_memory():
    assert growth_kib("ours") < 5 * 1024


@linux_only
def test_the_measurement_sees_a_leak_of_cmarkgfms_size():
    """A renderer keeping 20 KB a call (what cmarkgfm's own wrapper leaks) shows up, so the test above can fail."""
    assert growth_kib("leaky") > 50 * 1024
