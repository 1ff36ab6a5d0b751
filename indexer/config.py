"""Where things live by default: the index directory shared by the indexer and the web app, and
the bundled sample corpus. Reads the environment only when asked, never at import time.
"""

from __future__ import annotations

import os
from pathlib import Path

INDEX_ENV = "SEARCHAPP_INDEX"
SAMPLE_DIR = Path(__file__).resolve().parent / "sample"


def default_index_dir() -> Path:
    """$SEARCHAPP_INDEX, else the per-user data folder (~/.local/share/archive-search/index).

    A per-user folder rather than one relative to the working directory, so that
    `python -m indexer` and `python -m searchapp` agree wherever each is started.
    """
    configured = os.environ.get(INDEX_ENV)
    if configured:
        return Path(configured).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "archive-search" / "index"
