"""Run the build's independent steps (checking files, rendering pages) on every core.

Forked workers inherit everything the parent has already computed (the linked
site, compiled templates) without copying or pickling it; only their results
travel back, through a pipe. The workers take the work in small shares as they
become free (a counter they share says where the next share begins), the heaviest
items first, so that one slow page (a council report's PDF) does not keep a core
idle while the other works through everything else; the parent only collects the
results, in order. Where fork is unavailable (Windows) or the work is small,
everything runs in this process with the same results.
"""

from __future__ import annotations

import bisect
import itertools
import multiprocessing
import multiprocessing.connection
import os
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_PER_WORKER = 200  # below this a fork costs more than it saves
SHARE = 32  # the most work a worker takes at once, in items of the usual weight


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


def _send(connection, inherited, payloads) -> None:
    """In a worker: send each payload the iterable `payloads` makes, then "done"; an exception goes to the parent."""
    for other in inherited:  # the reading ends of this and earlier workers' pipes, open since the fork: were one
        other.close()        # left open, a worker whose build was killed would wait forever on a full pipe
    try:
        for payload in payloads:
            connection.send(("ok", payload))
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
    worth many); the heaviest are begun first, and no share holds more than SHARE items' worth."""
    count = worker_count(jobs, sum(weights) if weights is not None else len(items))
    count = min(count, len(items)) or 1
    if count == 1:
        return [function(item) for item in items]
    weights = list(weights) if weights is not None else [1] * len(items)
    order = sorted(range(len(items)), key=lambda index: -weights[index])  # stable: equal weights keep their order
    running = list(itertools.accumulate((weights[index] for index in order), initial=0))
    context = multiprocessing.get_context("fork")
    taken = context.Value("q", 0)  # where in `order` the next share begins
    share = max(1, min(SHARE, running[-1] // (4 * count)))  # small work still reaches every worker
    workers = []
    for _ in range(count):
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(target=_send, args=(sending, [receiving, *(other for _, other in workers)],
                                                      _shares(function, items, order, running, taken, share)),
                                  daemon=True)
        process.start()
        sending.close()
        workers.append((process, receiving))
    results: list = [None] * len(items)
    failed = True
    try:
        busy = {receiving: process for process, receiving in workers}  # the workers not done yet
        while busy:
            for receiving in multiprocessing.connection.wait(list(busy)):
                payload = message(busy[receiving], receiving)
                if payload is None:
                    del busy[receiving]
                for index, result in payload or ():
                    results[index] = result
        failed = False
    finally:
        for process, receiving in workers:
            if failed:
                process.kill()
            ended(process, receiving)
    return results


def _shares(function, items, order, running, taken, share):
    """A worker's results, share by share: positions start:end of `order`, at most `share` items' worth (at least
    one item), taken from the counter `taken` that every worker moves on, as (index, result) pairs."""
    while True:
        with taken.get_lock():
            start = taken.value
            if start >= len(order):
                return
            end = max(start + 1, bisect.bisect_right(running, running[start] + share) - 1)
            taken.value = end
        yield [(order[position], function(items[order[position]])) for position in range(start, end)]


def _once(function, args):
    """The one payload of a Background worker: the function's result."""
    yield [function(*args)]


def message(process, receiving) -> list | None:
    """A worker's next payload, None once it is done; its exception raised here."""
    try:
        status, payload = receiving.recv()
    except EOFError:
        raise RuntimeError(f"a build worker stopped unexpectedly (exit code {process.exitcode})") from None
    if status == "error":
        raise payload
    return None if status == "done" else payload


def received(process, receiving) -> list:
    """A worker's results, in order; its exception raised here."""
    results = []
    while (payload := message(process, receiving)) is not None:
        results += payload
    return results


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
            process = context.Process(target=_send, args=(sending, [receiving], _once(function, args)),
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
