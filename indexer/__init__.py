"""Archive Search's indexer: read saved reports, clean them, extract facets, write a Whoosh index.

Run it as `python -m indexer [PATH ...] [--index DIR]`; see indexer.cli.
"""
