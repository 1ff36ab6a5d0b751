"""The timeline above the results: matching reports (or deaths) per month or year, as an SVG
view-model whose geometry is computed here so the template only loops and prints.

PLACEHOLDER: being written by a helper; returns None until then. No Flask here.
"""

from __future__ import annotations

from collections.abc import Mapping

from searchapp.params import SearchRequest


def build_timeline(request: SearchRequest, months: Mapping[str, tuple[int, int]], undated: int):
    return None
