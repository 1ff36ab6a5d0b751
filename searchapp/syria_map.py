"""The map of Syria's governorates shaded by matching reports, as an SVG view-model.

PLACEHOLDER: being written by a helper; returns None until then. No Flask here.
"""

from __future__ import annotations

from collections.abc import Mapping

from searchapp.params import SearchRequest


def build_map(request: SearchRequest, counts: Mapping[str, int]):
    return None
