"""An interrupted indexer ends within a bound even when its clean-up never finishes
(indexer.stopping): real processes, real signals."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

from indexer.run import index_paths
from tests.conftest import TODAY
from tests.indexer_runs import PARALLEL, ROOT, Indexer, alive, ids_of, needs_linux


def run_python(code: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_the_clock_ends_a_process_stuck_after_an_interrupt():
    started = time.monotonic()
    done = run_python(
        """
        import threading
        from indexer import stopping
        stopping.STOP_SECONDS = 0.3
        stopping.arm(130, "interrupted: ended")
        threading.Event().wait()  # a wait that never ends
        """
    )
    assert (done.returncode, done.stderr) == (130, "interrupted: ended\n")
    assert time.monotonic() - started < 10


def test_the_clock_ends_quietly_once_the_command_has_spoken_and_not_at_all_when_disarmed():
    done = run_python(
        """
        import threading
        from indexer import stopping
        stopping.STOP_SECONDS = 0.3
        stopping.arm(143, "never shown")
        stopping.said()
        threading.Event().wait()
        """
    )
    assert (done.returncode, done.stderr) == (143, "")
    done = run_python(
        """
        import time
        from indexer import stopping
        stopping.STOP_SECONDS = 0.3
        stopping.arm(130, "never shown")
        stopping.disarm()
        time.sleep(1)
        print("went on")
        """
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "went on\n", "")


# The indexer's command with a clean-up that hangs: stopping the extraction workers never
# returns once the run is interrupted.
HANGING = """
import sys, threading
from indexer import stopping, workers
stopping.STOP_SECONDS = 1.0
close = workers.Workers.close
def hang(self, cancel=False):
    if cancel:
        threading.Event().wait()
    close(self, cancel)
workers.Workers.close = hang
from indexer.cli import main
sys.exit(main(sys.argv[1:]))
"""


@needs_linux
def test_an_interrupted_run_whose_clean_up_hangs_still_ends_and_keeps_the_old_index(archive):
    folder, ix, before = archive
    run = Indexer(folder, ix, *PARALLEL, python=("-c", HANGING))
    run.wait_for("reading")
    time.sleep(0.2)
    processes = run.children()
    assert processes
    run.process.send_signal(signal.SIGINT)
    returncode, out, err = run.finish(timeout=30)
    assert returncode == 130, err
    assert "interrupted: the index was left as it was (stopping took more than 1 s" in err
    assert "Traceback" not in err and out == ""
    deadline = time.monotonic() + 10  # the workers end with their parent
    while [pid for pid in processes if alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in processes if alive(pid)]
    assert ids_of(ix) == before
    assert index_paths([folder], ix, today=TODAY, workers=2).added == 1200
