"""Worker processes with a pipe each (for indexer.workers): tasks out, results back, and nothing
shared between processes that a stopped worker could leave locked.

multiprocessing.Pool shares one task pipe and one result pipe among all its workers, each
guarded by a lock between processes. A worker terminated while it held one (sending a large
result into a full pipe, say) left that lock taken for good, and Pool.terminate() then waited
forever on a thread stuck behind it: an interrupted run that never ended (its stack showed the
pool's task thread waiting on the result pipe's lock). A worker that died, killed for lack of
memory, left its task unanswered and the run waiting forever. Here each worker has a pipe that
only it and the parent use; a worker that ends shows as the end of its pipe (WorkerDied).
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue
import threading
import traceback
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from typing import NamedTuple


class WorkerDied(Exception):
    """A worker process ended while it had work to do."""


class _Worker(NamedTuple):
    process: multiprocessing.Process
    connection: Connection
    tickets: deque  # the tickets of the tasks sent to it, oldest first


class ProcessPool:
    """`count` worker processes, each running `initializer(*initargs)` first. `submit(function,
    *args)` returns a ticket, `result(ticket)` waits for the task's result or raises its
    exception. A worker holds at most `depth` tasks, so it finds its next one waiting."""

    def __init__(self, count: int, initializer: Callable, initargs: tuple = (), depth: int = 2):
        context = multiprocessing.get_context()
        self._depth = depth
        self._waiting: deque[tuple[int, Callable, tuple]] = deque()
        self._done: dict[int, tuple[bool, object]] = {}
        self._tickets = itertools.count()
        self._workers: list[_Worker] = []
        try:
            for _ in range(count):
                ours, theirs = context.Pipe()
                process = context.Process(
                    target=_serve, args=(theirs, initializer, initargs), daemon=True
                )
                process.start()
                theirs.close()
                self._workers.append(_Worker(process, ours, deque()))
        except BaseException:
            self.close(cancel=True)
            raise

    def submit(self, function: Callable, *args) -> int:
        ticket = next(self._tickets)
        self._waiting.append((ticket, function, args))
        self._dispatch()
        return ticket

    def result(self, ticket: int):
        while ticket not in self._done:
            self._receive()
        succeeded, value = self._done.pop(ticket)
        if succeeded:
            return value
        raise value

    def close(self, cancel: bool = False) -> None:
        """Let the workers finish and end (or, with `cancel`, end them now) and wait for them."""
        workers, self._workers = self._workers, []
        cancel = cancel or any(worker.tickets for worker in workers)  # none would be read
        for worker in workers:
            if cancel:
                worker.process.kill()  # nothing it holds is shared: killing it is safe
            else:
                try:
                    worker.connection.send(None)
                except OSError:
                    pass  # it has ended already
        for worker in workers:
            worker.process.join()
            worker.connection.close()

    def _dispatch(self) -> None:
        while self._waiting and self._workers:
            worker = min(self._workers, key=lambda w: len(w.tickets))
            if len(worker.tickets) >= self._depth:
                return
            ticket, function, args = self._waiting.popleft()
            try:
                # Never blocks for long: the worker's reader thread takes tasks as they come.
                worker.connection.send((function, args))
            except OSError:
                raise self._died(worker) from None
            worker.tickets.append(ticket)

    def _receive(self) -> None:
        busy = {worker.connection: worker for worker in self._workers if worker.tickets}
        if not busy:
            raise ValueError("no task of that ticket is running")
        for connection in wait(list(busy)):
            worker = busy[connection]
            try:
                outcome = connection.recv()
            except (EOFError, OSError):
                raise self._died(worker) from None
            self._done[worker.tickets.popleft()] = outcome
        self._dispatch()

    def _died(self, worker: _Worker) -> WorkerDied:
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        if code is not None and code < 0:
            how = f"killed by signal {-code}"
            if code == -9:
                how += ", perhaps for lack of memory"
        else:
            how = f"exit status {code}"
        return WorkerDied(f"a worker process ended unexpectedly ({how})")


def _serve(connection: Connection, initializer: Callable, initargs: tuple) -> None:
    """A worker: run each task as it comes, send back (True, result) or (False, exception)."""
    initializer(*initargs)
    tasks: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:
        # Taking tasks as they come keeps the parent from ever waiting to send one while this
        # process waits to send it a large result.
        try:
            while True:
                task = connection.recv()
                tasks.put(task)
                if task is None:
                    return
        except (EOFError, OSError):
            tasks.put(None)

    threading.Thread(target=read, daemon=True).start()
    while (task := tasks.get()) is not None:
        function, args = task
        try:
            outcome = (True, function(*args))
        except Exception as error:
            outcome = (False, error)
        try:
            connection.send(outcome)
        except (EOFError, OSError):
            return  # the parent is gone
        except Exception:  # a result or an exception that does not pickle
            connection.send((False, RuntimeError(traceback.format_exc())))
