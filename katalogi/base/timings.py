"""Where a build's time goes (`build --timings FILE`), so that nobody has to guess before speeding it up.

Each stage of the build's own process is timed on the wall clock and in CPU seconds;
rendering and writing are timed page by page in whichever process does them (the
workers send their figures back with the pages' results) and summed by page kind
(the template, or the producer of a data file). One record per process: a command
runs one build.
"""

from __future__ import annotations

import contextlib
import json
import resource
import time


class Timings:
    def __init__(self):
        self.reset()

    def reset(self) -> None:
        """Start again from now (a command begins)."""
        self.started = time.perf_counter()
        self.stages: dict[str, list[float]] = {}  # stage -> [wall seconds, CPU seconds of this process]
        self.kinds: dict[str, list[float]] = {}  # page kind -> [pages, seconds rendering, seconds writing]

    @contextlib.contextmanager
    def stage(self, name: str):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            entry = self.stages.setdefault(name, [0.0, 0.0])
            entry[0] += time.perf_counter() - wall
            entry[1] += time.process_time() - cpu

    def pages(self, kind: str, rendering: float, writing: float) -> None:
        entry = self.kinds.setdefault(kind, [0, 0.0, 0.0])
        entry[0] += 1
        entry[1] += rendering
        entry[2] += writing

    def as_data(self) -> dict:
        """Seconds rounded to milliseconds; CPU of the whole process since it began, the worker processes it
        waited for included."""
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return {
            "wall": round(time.perf_counter() - self.started, 3),
            "cpu": round(own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime, 3),
            "stages": {name: {"wall": round(wall, 3), "cpu": round(cpu, 3)}
                       for name, (wall, cpu) in self.stages.items()},
            "pages": {kind: {"count": count, "render": round(rendering, 3), "write": round(writing, 3)}
                      for kind, (count, rendering, writing) in sorted(self.kinds.items(), key=lambda e: -e[1][1])},
        }

    def as_text(self) -> str:
        return json.dumps(self.as_data(), ensure_ascii=False, indent=1) + "\n"


RECORDED = Timings()
stage = RECORDED.stage
