"""A bound on how long the indexer takes to stop once it is interrupted (Ctrl-C, SIGTERM).

The interrupt is raised where the run is, and the run cleans up as it unwinds: worker processes
are terminated and joined, the writer is cancelled. Should one of those waits never end (a
process or queue that will not answer, a lock an interrupt left held), the command must end
all the same: `arm` starts a clock, and when it runs out the process says so and ends itself.
Nothing is lost that way: a run that has not committed never reached the index, the index lock
goes with the process, and the workers end with their parent (indexer.workers.die_with_parent).
"""

from __future__ import annotations

import os
import sys
import threading

# Seconds an interrupted run has to stop before it ends itself.
STOP_SECONDS = 10.0

# Set and cleared by the main thread only (signal handlers run there), so no lock: a second
# Ctrl-C landing inside arm() must not wait on one the first had taken.
_clock: threading.Timer | None = None
_message: str | None = None


def arm(code: int, message: str) -> None:
    """Start the clock (once): past STOP_SECONDS, write `message` and exit with `code`."""
    global _clock, _message
    if _clock is not None:
        return
    _message = message
    _clock = threading.Timer(STOP_SECONDS, _end, (code,))
    _clock.daemon = True
    _clock.start()


def said() -> None:
    """The command has told the user itself: should the clock still run out (at exit), it
    ends the process without a word."""
    global _message
    _message = None


def disarm() -> None:
    """The run goes on after all (the interrupt came once it had committed), or has ended."""
    global _clock
    if _clock is not None:
        _clock.cancel()
        _clock = None


def _end(code: int) -> None:
    try:
        if _message:
            # Straight to the file descriptor: the stuck thread may hold sys.stderr's lock.
            os.write(sys.stderr.fileno(), (_message + "\n").encode())
    finally:
        os._exit(code)
