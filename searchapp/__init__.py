"""Archive Search's web app: search a Whoosh index of reports with highlighted snippets and facets.

Built by `create_app(test_config=None)`; nothing is opened at import time.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.config import default_index_dir
from searchapp import index, security
from searchapp.index import IndexUnavailable
from searchapp.params import BadParameter
from searchapp.views import bp

PROJECT_ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _error(status: int, error: str, message: str, **context):
    if _wants_json():
        return jsonify({"error": error, "message": message}), status
    return render_template(
        "error.html", status=status, error=error, message=message, **context
    ), status


def _register_errors(app: Flask) -> None:
    @app.errorhandler(BadParameter)
    def bad_parameter(exc: BadParameter):
        return _error(exc.status, "bad_parameter", exc.message, param=exc.param)

    @app.errorhandler(IndexUnavailable)
    def index_unavailable(exc: IndexUnavailable):
        command = f"python -m indexer --index {app.config['INDEX_DIR']} [PATH ...]"
        message = f"{exc} Build it with: {command}"
        return _error(503, "index_unavailable", message, command=command, reason=str(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return _error(exc.code or 500, exc.name.lower().replace(" ", "_"), exc.description or "")

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unexpected error on %s", request.path)
        return _error(500, "internal_error", "Something went wrong on our side; please try again.")


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; `test_config` (e.g. {"INDEX_DIR": tmp_path}) overrides the defaults."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_mapping(INDEX_DIR=str(default_index_dir()), JSON_SORT_KEYS=False)
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.json.sort_keys = False
    index.init_app(app)
    app.register_blueprint(bp)
    _register_errors(app)
    security.init_app(app)
    return app
