"""Shared fixtures: small real Whoosh indexes built in temporary folders, and the real Flask app."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from indexer.config import SAMPLE_DIR
from indexer.pipeline import process
from indexer.readers import ReadError, read_paths
from indexer.run import index_paths
from searchapp import create_app

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
# A fixed "today" keeps extraction reproducible whatever day the tests run.
TODAY = dt.date(2026, 11, 21)


def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent")
    return SHARED_DATA


def build_index(index_dir: Path, *paths: Path) -> Path:
    index_paths(list(paths), index_dir, today=TODAY)
    return index_dir


def write_reports(folder: Path, reports: dict[str, str]) -> Path:
    """Write {relative name: "headline\\nbody"} as .txt files under `folder`."""
    for name, text in reports.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory) -> Path:
    """The bundled sample corpus, indexed once; tests only read it."""
    return build_index(tmp_path_factory.mktemp("sample-index"), SAMPLE_DIR)


@pytest.fixture(scope="session")
def sample_reports():
    """The sample corpus run through the pipeline directly: expectations computed without Whoosh."""
    return [process(r, TODAY) for r in read_paths([SAMPLE_DIR]) if not isinstance(r, ReadError)]


@pytest.fixture()
def client(sample_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(sample_index)}).test_client()


def make_client(index_dir: Path):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
