"""Where the tests find the tools they do not install themselves, and a local server for a built site.

axe-core and vnu-jar come from npm into .cache/node/ (`make test-tools`, which .ci/run
calls); Chromium is Debian's. A test that lacks one skips with the reason.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

TESTS = Path(__file__).resolve().parent  # tests/: its fixtures, sites and payloads
ROOT = TESTS.parent  # the project: the sample catalogue, build.py, katalogi/
NODE_MODULES = ROOT / ".cache" / "node" / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path("/usr/bin/chromium")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]  # WCAG 2.1 A and AA, and best practices
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def java() -> str | None:
    return shutil.which("java")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serving(folder: Path):
    """Serve `folder` on 127.0.0.1 at a free port; yield its origin."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def violations(page) -> list[str]:
    """axe-core's violations on a Playwright page, each with its rule, impact, help and where."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{violation['id']} ({violation['impact']}): {violation['help']} at "
            f"{[node['target'] for node in violation['nodes']][:3]}" for violation in result["violations"]]
