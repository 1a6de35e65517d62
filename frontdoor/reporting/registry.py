"""Every report by name: the pages list them, `manage.py report NAME` runs them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .scope import ReportScope
from .tables import Report


@dataclass(frozen=True)
class ReportDefinition:
    name: str  # URL slug and command NAME, e.g. "volumes"
    title: str
    summary: str
    # build(scope, show_references): managers get contact references in lists; analysts and
    # schedulers get pseudonyms only (show_references=False).
    build: Callable[[ReportScope, bool], Report]


REPORTS: dict[str, ReportDefinition] = {}


def register(definition: ReportDefinition) -> ReportDefinition:
    REPORTS[definition.name] = definition
    return definition
