"""The `python -m searchapp` command: serve the app with waitress (never in debug mode).

Example: python -m searchapp --index ~/archive-index --port 5000
"""

from __future__ import annotations

import argparse
from pathlib import Path

from flask import Flask

from indexer.config import INDEX_ENV, default_index_dir
from searchapp import create_app


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m searchapp", description=__doc__)
    parser.add_argument(
        "--index",
        type=Path,
        metavar="DIR",
        help=f"index folder (default: ${INDEX_ENV}, else {default_index_dir()})",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=5000, help="port to listen on")
    parser.add_argument("--threads", type=int, default=4, help="worker threads")
    return parser


def make_app(args: argparse.Namespace) -> Flask:
    """The app as served: never in debug mode, whatever FLASK_DEBUG says, because the debugger
    runs code typed into the browser and its tracebacks show the server's files."""
    app = create_app({"INDEX_DIR": str(args.index)} if args.index else None)
    app.debug = False
    return app


def main(argv: list[str] | None = None) -> int:
    """Serve the search site until interrupted."""
    import waitress

    args = build_parser().parse_args(argv)
    app = make_app(args)
    print(f"Archive Search on http://{args.host}:{args.port}/ (index: {app.config['INDEX_DIR']})")
    waitress.serve(app, host=args.host, port=args.port, threads=args.threads)
    return 0
