"""Facets as a view-model: each value with its label, count, selected state and toggle URL.

Built from plain counts; the page and the API both render these, so they cannot disagree.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from indexer.schema import UNDATED
from indexer.tolls import TOLL_RANGE_LABELS, TOLL_RANGES
from searchapp.params import SearchRequest
from searchapp.urls import cleared, excluded_toggled, search_url, toggled, without_dates

FACET_LABELS = {
    "city": "City",
    "governorate": "Governorate",
    "actor": "Actor",
    "toll_range": "Death toll",
    "year": "Year",
    "month": "Month",
    "source": "Source",
}
# How many values a facet shows before "more".
TOP_VALUES = 10


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    toggle_url: str
    excluded: bool = False
    # Excludes the value, or lifts its exclusion when it is excluded.
    exclude_url: str = ""


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[FacetValue]

    @property
    def top(self) -> list[FacetValue]:
        """The first values, and any chosen value that would otherwise hide under "more"."""
        head = self.values[:TOP_VALUES]
        return head + [v for v in self.values[TOP_VALUES:] if v.selected or v.excluded]

    @property
    def rest(self) -> list[FacetValue]:
        return [v for v in self.values[TOP_VALUES:] if not (v.selected or v.excluded)]


@dataclass(frozen=True)
class Chip:
    """A selected filter shown above the results, with the URL that removes it."""

    label: str
    remove_url: str
    excluded: bool = False


def value_label(name: str, value: str) -> str:
    if name == "toll_range":
        return TOLL_RANGE_LABELS.get(value, value)
    if name == "year" and value == UNDATED:
        return "Undated"
    if name == "month":
        year, _, month = value.partition("-")
        if month.isdigit() and 1 <= int(month) <= 12:
            return f"{calendar.month_name[int(month)]} {year}"
    return value


def _order(name: str, counts: dict[str, int]) -> list[str]:
    if name == "toll_range":
        fixed = [*TOLL_RANGES, *(v for v in TOLL_RANGE_LABELS if v not in TOLL_RANGES)]
        return [v for v in fixed if v in counts]
    if name == "year":  # newest first, undated last
        years = sorted((v for v in counts if v != UNDATED), reverse=True)
        return years + ([UNDATED] if UNDATED in counts else [])
    if name == "month":
        return sorted(counts)
    return sorted(counts, key=lambda v: (-counts[v], v.lower()))


def build_facet(
    request: SearchRequest, name: str, value_counts: dict[str, int], keep_chosen: bool = True
) -> Facet:
    """One facet's values, ordered for display; zero counts are hidden unless chosen."""
    selected = request.filters.get(name, ())
    excluded = request.excluded.get(name, ())
    shown = dict(value_counts)
    if keep_chosen:
        for value in (*selected, *excluded):
            shown.setdefault(value, 0)
    values = [
        FacetValue(
            value=value,
            label=value_label(name, value),
            count=shown[value],
            selected=value in selected,
            toggle_url=search_url(toggled(request, name, value)),
            excluded=value in excluded,
            exclude_url=search_url(excluded_toggled(request, name, value)),
        )
        for value in _order(name, shown)
    ]
    return Facet(name=name, label=FACET_LABELS.get(name, name), values=values)


def build_facets(request: SearchRequest, counts: dict[str, dict[str, int]]) -> list[Facet]:
    """The facets for `request`; zero-count values are hidden unless selected or excluded."""
    return [build_facet(request, name, value_counts) for name, value_counts in counts.items()]


def build_chips(request: SearchRequest) -> list[Chip]:
    chips = [
        Chip(
            label=f"{FACET_LABELS.get(name, name)}: {value_label(name, value)}",
            remove_url=search_url(toggled(request, name, value)),
        )
        for name, values in request.filters.items()
        for value in values
    ]
    chips += [
        Chip(
            label=f"{FACET_LABELS.get(name, name)}: not {value_label(name, value)}",
            remove_url=search_url(excluded_toggled(request, name, value)),
            excluded=True,
        )
        for name, values in request.excluded.items()
        for value in values
    ]
    if request.date_from or request.date_to:
        span = f"{request.date_from or '…'} to {request.date_to or '…'}"
        chips.append(Chip(label=f"Date: {span}", remove_url=search_url(without_dates(request))))
    return chips


def clear_all_url(request: SearchRequest) -> str:
    return search_url(cleared(request))
