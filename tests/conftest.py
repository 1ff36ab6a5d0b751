"""Shared fixtures: small real Whoosh indexes built in temporary folders, and the real Flask app."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from whoosh import index

from indexer.config import SAMPLE_DIR
from indexer.finding import read_paths
from indexer.pipeline import process
from indexer.readers import ReadError
from indexer.run import index_paths
from indexer.schema import DATE_SORT, DATED, ID_FIELD, TOLL_SORT
from searchapp import create_app
from searchapp.index import IndexHandle, get_handle
from tests.indexer_runs import age, ids_of, write_corpus

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


# The index handles that tests open (make_client's apps hold one each): closed when the test
# that opened them ends (those of module- and session-wide fixtures, opened before the test
# starts, when the run ends), so no index file is left open for the garbage collector.
_HANDLES: list[IndexHandle] = []


def _close(handle: IndexHandle) -> None:
    handle.release()  # a test's own searcher counts as in use until released
    handle.close()


@pytest.fixture(autouse=True, scope="session")
def _close_remaining_handles():
    yield
    while _HANDLES:
        _close(_HANDLES.pop())


@pytest.fixture(autouse=True)
def _close_handles():
    opened_before = len(_HANDLES)
    yield
    while len(_HANDLES) > opened_before:
        _close(_HANDLES.pop())


def open_handle(index_dir: Path) -> IndexHandle:
    """The app's handle on `index_dir`, as search code uses it, closed when the test ends."""
    handle = IndexHandle(index_dir)
    _HANDLES.append(handle)
    return handle


@pytest.fixture()
def client(sample_index):
    return make_client(sample_index)


def make_client(index_dir: Path):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    _HANDLES.append(get_handle(app))
    return app.test_client()


@pytest.fixture()
def archive(tmp_path):
    """An index of 400 small reports, and 1,200 more files waiting in the folder: for the tests
    that run the indexer as a subprocess and interrupt, kill or double it."""
    folder, ix = tmp_path / "reports", tmp_path / "ix"
    write_corpus(folder, 0, 400)
    age(folder)
    index_paths([folder], ix, today=TODAY, workers=0)
    before = ids_of(ix)
    write_corpus(folder, 400, 1200)
    age(folder)
    return folder, ix, before


@pytest.fixture(scope="session")
def segmented_index(sample_index, tmp_path_factory) -> Path:
    """The sample index copied, with two more segments of re-added reports and some deletions."""
    folder = tmp_path_factory.mktemp("segmented") / "index"
    shutil.copytree(sample_index, folder)
    # Without the indexer's postings store, so searches read Whoosh's own postings (the store's
    # tests build one on a copy and compare).
    shutil.rmtree(folder / "postings", ignore_errors=True)
    ix = index.open_dir(str(folder))
    with ix.searcher() as searcher:
        stored = [searcher.stored_fields(d) for d in range(searcher.doc_count_all())]
    schema_fields = set(ix.schema.names())
    for batch in (stored[:15], stored[10:30]):
        writer = ix.writer()
        for number, fields in enumerate(batch):
            document = {k: v for k, v in fields.items() if k in schema_fields and v is not None}
            document[ID_FIELD] = f"{fields[ID_FIELD]}-copy{number}-{len(batch)}"
            # Copies reuse the stored facet values; the unstored sort keys are re-derived.
            document[TOLL_SORT] = fields.get("death_toll") or -1
            date = int((fields.get("published") or "0").replace("-", ""))
            document[DATE_SORT], document[DATED] = date, int(date > 0)
            writer.add_document(**{k: v for k, v in document.items() if v != ""})
        writer.commit(merge=False)
    writer = ix.writer()
    for fields in stored[::7]:
        writer.delete_by_term(ID_FIELD, fields[ID_FIELD])
    writer.commit(merge=False)
    with ix.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) >= 3
        assert searcher.doc_count() < searcher.doc_count_all()
    return folder
