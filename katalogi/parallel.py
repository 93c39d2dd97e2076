"""Run the build's independent steps (checking files, rendering pages) on every core.

Forked workers inherit everything the parent has already computed (the linked
site, compiled templates) without copying or pickling it; only their results
travel back, through a pipe. Each worker takes one contiguous chunk, and the
parent works on the first chunk itself. Where fork is unavailable (Windows) or
the work is small, everything runs in this process with the same results.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_PER_WORKER = 200  # below this a fork costs more than it saves
BATCH = 250  # results per message from a worker


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(jobs: int | None, size: int) -> int:
    """How many processes to use: `jobs` (or every core), no more than the work is worth."""
    wanted = jobs if jobs and jobs > 0 else available_cores()
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(wanted, size // MIN_PER_WORKER))


def chunks(items: Sequence[Item], count: int, weights: Sequence[int] | None = None) -> list[Sequence[Item]]:
    """`count` contiguous slices of nearly equal length (or weight), in order."""
    if weights is None:
        size, extra = divmod(len(items), count)
        bounds = [0]
        for index in range(count):
            bounds.append(bounds[-1] + size + (1 if index < extra else 0))
    else:  # each bound where the running total comes nearest to its share of the whole
        running = list(itertools.accumulate(weights, initial=0))
        bounds = [0]
        for part in range(1, count):
            share = running[-1] * part / count
            nearest = min(range(bounds[-1] + 1, len(items) - (count - part) + 1),
                          key=lambda bound: abs(running[bound] - share), default=bounds[-1])
            bounds.append(nearest)
        bounds.append(len(items))
    return [items[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]


def _child(function, chunk, connection, inherited) -> None:
    for other in inherited:  # the reading ends of this and earlier workers' pipes, open since the fork: were one
        other.close()        # left open, a worker whose build was killed would wait forever on a full pipe
    try:
        for start in range(0, len(chunk), BATCH):  # in batches: the parent never holds one huge message
            connection.send(("ok", [function(item) for item in chunk[start:start + BATCH]]))
        connection.send(("done", None))
    except BrokenPipeError:  # the build was killed: nobody waits for the results
        pass
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it again
        try:
            connection.send(("error", error))
        except BrokenPipeError:
            pass
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled travels as text
            connection.send(("error", RuntimeError(f"a build worker failed: {error!r}\n{traceback.format_exc()}")))
    finally:
        connection.close()


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], jobs: int | None = None,
                 weights: Sequence[int] | None = None) -> list[Result]:
    """`[function(item) for item in items]`, computed by up to `jobs` processes.

    `weights`: how much work each item is, in items of the usual size (a page listing every action is
    worth many), so that a few heavy items are shared out too."""
    count = worker_count(jobs, sum(weights) if weights is not None else len(items))
    count = min(count, len(items)) or 1
    if count == 1:
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    first, *rest = chunks(items, count, weights)
    workers = []
    for chunk in rest:
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(function, chunk, sending,
                                                       [receiving, *(other for _, other in workers)]), daemon=True)
        process.start()
        sending.close()
        workers.append((process, receiving))
    try:
        results = [function(item) for item in first]
        for process, receiving in workers:
            results += received(process, receiving)
    finally:
        for process, receiving in workers:
            ended(process, receiving)
    return results


def received(process, receiving) -> list:
    """A worker's results, in order; its exception raised here."""
    results = []
    while True:
        try:
            status, payload = receiving.recv()
        except EOFError:
            raise RuntimeError(f"a build worker stopped unexpectedly (exit code {process.exitcode})") from None
        if status == "error":
            raise payload
        if status == "done":
            return results
        results += payload


def ended(process, receiving) -> None:
    receiving.close()
    process.join(timeout=5)
    if process.is_alive():
        process.kill()


class Background:
    """`function(*args)` computed by a process of its own while this one goes on (in this one, when it is asked
    for, where fork is unavailable): a build walks output/ while it checks and links the content."""

    def __init__(self, function: Callable[..., Result], *args):
        self.function, self.args, self.worker, self.found = function, args, None, None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            receiving, sending = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(lambda _: function(*args), [None], sending, [receiving]),
                                      daemon=True)
            process.start()
            sending.close()
            self.worker = (process, receiving)

    def result(self) -> Result:
        """What the function returned (its exception raised here); waits for it the first time."""
        if self.found is None:
            if self.worker is None:
                self.found = [self.function(*self.args)]
            else:
                try:
                    self.found = received(*self.worker)
                finally:
                    self.cancel()
        return self.found[0]

    def cancel(self) -> None:
        """Not needed (any more): the process ends at once."""
        if self.worker is not None:
            process, receiving = self.worker
            if self.found is None:
                process.kill()
            ended(process, receiving)
            self.worker = None
