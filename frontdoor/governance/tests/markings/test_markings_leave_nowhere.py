"""Sensitivity markings hold wherever data leaves: every page, PDF, JSON file and API call.

Every URL pattern in the project is walked (`get_resolver`), its parameters filled with the id
of every object of the matching kind in a small world whose free text is all unique markers
(`marked_world`), and each URL opened as the persona under test. Then:

- a police researcher never reads health's restricted answer, by any URL or through the API
  with the police system's token;
- the north area team's receiving worker reaches nothing but the package sent to their team:
  every other object's URL is refused, and no page they can open holds text from any other
  contact, or what of their own contact stayed in the hub;
- an analyst reads no free text at all: no concern, answer or name.

A new URL is covered as soon as it exists. Its parameters are filled by the path segment before
them (`contacts/<pk>` is a contact); an unknown segment gets every id in the world.
"""

import contextlib
import io
import itertools
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from pypdf import PdfReader

from frontdoor.contacts.models import Contact, ContactSubject
from frontdoor.enquiries.models import DeadlineExtension, InformationRequest
from frontdoor.meetings.models import Action, StrategyDiscussion
from frontdoor.notifications.models import Notification
from frontdoor.outcomes.models import Handover
from frontdoor.people.models import DuplicateProposal, Person, PersonMerge

from .marked_world import RESTRICTED_HEALTH, World

# The kind of object a parameter names, from the path segment before it.
SEGMENT_MODELS: dict[str, type[Model]] = {
    "contacts": Contact,
    "subjects": ContactSubject,
    "information-requests": InformationRequest,
    "extensions": DeadlineExtension,
    "strategy-discussions": StrategyDiscussion,
    "actions": Action,
    "handovers": Handover,
    "people": Person,
    "duplicates": DuplicateProposal,
    "merges": PersonMerge,
    "notifications": Notification,
}
# Parameters that are positions in a draft kept in the session, not objects.
POSITIONS = {"index"}
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
REFUSED = {401, 403, 404}


# --- Every URL ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    route: str  # "contacts/<int:pk>/screen"


def every_route() -> list[Route]:
    """Every URL pattern in the project, with its full route."""

    def walk(
        patterns: list[URLPattern | URLResolver], prefix: str, namespace: str
    ) -> Iterator[Route]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
                yield from walk(pattern.url_patterns, prefix + _route(pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
                yield Route(name=name, route=prefix + _route(pattern))

    return list(walk(get_resolver().url_patterns, "", ""))


def _route(pattern: URLPattern | URLResolver) -> str:
    if isinstance(pattern.pattern, RoutePattern):
        return str(pattern.pattern)
    # A regular expression: its named groups become parameters like a route's.
    regex = str(pattern.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<int:\1>", regex)


@dataclass(frozen=True)
class Url:
    path: str
    route: Route
    objects: tuple[tuple[type[Model] | None, int], ...]  # what each parameter named


Choice = tuple[type[Model] | None, int | str]


def _candidates(
    route: str, match: re.Match[str], world_ids: dict[type[Model], list[int]]
) -> list[Choice]:
    name, converter = match.group("name"), match.group("converter") or "str"
    if converter != "int":
        return [(None, "x")]
    if name in POSITIONS:
        return [(None, 0)]
    segment = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
    model = SEGMENT_MODELS.get(segment)
    if model is not None:
        return [(model, pk) for pk in world_ids[model]]
    return [(None, pk) for pk in sorted({pk for ids in world_ids.values() for pk in ids})]


def every_url(world: World) -> list[Url]:
    """Every route, with its parameters filled in every way the world allows."""
    world_ids = world.ids()
    urls: dict[str, Url] = {}
    for route in every_route():
        matches = list(PARAMETER.finditer(route.route))
        choices = [_candidates(route.route, match, world_ids) for match in matches]
        for combination in itertools.product(*choices):
            path = route.route
            for match, (_, value) in reversed(list(zip(matches, combination, strict=True))):
                path = path[: match.start()] + str(value) + path[match.end() :]
            objects = tuple(
                (model, value)
                for match, (model, value) in zip(matches, combination, strict=True)
                if isinstance(value, int) and match.group("name") not in POSITIONS
            )
            urls.setdefault("/" + path, Url("/" + path, route, objects))
    return list(urls.values())


# --- Reading what came back ---------------------------------------------------------------------


def text_of(response) -> str:
    """What a person receives: the page, the PDF's text, the JSON, or each file in a zip."""
    content = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    return _text(content, response.get("Content-Type", ""))


def _text(content: bytes, content_type: str) -> str:
    if content_type.startswith("application/pdf") or content.startswith(b"%PDF"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    if content_type.startswith("application/zip") or content.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(_text(archive.read(name), "") for name in archive.namelist())
    text = content.decode("utf-8", errors="replace")
    if "json" in content_type:
        # Unescaped, in case a serializer writes non-ASCII as \\u escapes.
        with contextlib.suppress(ValueError):
            text += "\n" + json.dumps(json.loads(text), ensure_ascii=False)
    return text


def leaked(text: str, markers: list[str]) -> list[str]:
    """The markers in the text, also when a PDF broke them across lines."""
    squashed = re.sub(r"\s+", "", text)
    return [m for m in markers if m in text or re.sub(r"\s+", "", m) in squashed]


def opened(client: Client, url: str, *, post_if_get_refused: bool = False):
    response = client.get(url)
    if response.status_code == 405 and post_if_get_refused:
        response = client.post(url, {})
    assert response.status_code < 500, url
    return response


# --- A researcher of one agency and another agency's restricted answer ------------------------


def test_the_url_walk_fills_every_object_parameter_with_the_worlds_objects(world):
    urls = {url.path for url in every_url(world)}
    c1 = world.contacts["c1"].pk
    assert f"/contacts/{c1}" in urls
    assert f"/handovers/{world.handovers['p1'].pk}/package.pdf" in urls
    assert f"/information-requests/{world.requests['c1-staffs-health'].pk}" in urls
    assert f"/strategy-discussions/{world.discussions['c1'].pk}" in urls
    assert f"/people/merges/{world.merge.pk}/" in urls
    assert f"/api/v1/contacts/{c1}" in urls
    assert len(urls) > 200


def test_the_health_researcher_does_read_their_own_restricted_answer(
    world, health_researcher, sign_in
):
    """The control: the text the police researcher must never see is on a page, for the agency
    that gave it, and the search below finds it."""
    page = sign_in(health_researcher).get(
        f"/information-requests/{world.requests['c1-staffs-health'].pk}"
    )
    assert page.status_code == 200
    assert leaked(text_of(page), world.restricted_health) != []


def test_a_police_researcher_reaches_no_restricted_health_answer_by_any_url(
    world, police_researcher, sign_in
):
    client = sign_in(police_researcher)
    reached, leaks = [], []
    for url in every_url(world):
        response = opened(client, url.path)
        if response.status_code == 200:
            reached.append(url.path)
        if found := leaked(text_of(response), world.restricted_health):
            leaks.append((url.path, found))
    assert leaks == []
    # The walk did reach the researcher's own work about the same child.
    police_c1 = world.requests["c1-staffs-police"].pk
    assert f"/information-requests/{police_c1}" in reached
    assert f"/actions/{world.actions['c1-police'].pk}/complete" in reached


def test_the_police_system_reads_no_restricted_health_answer_through_the_api(world):
    client = Client(headers={"Authorization": f"Bearer {world.police_system.token}"})
    listed = client.get("/api/v1/contacts?limit=100")
    assert listed.status_code == 200
    # The contact health answered about is the police system's own, and it reads it back.
    assert world.contacts["c1"].concern in text_of(listed)
    leaks = [("/api/v1/contacts", leaked(text_of(listed), world.restricted_health))]
    for url in every_url(world):
        if url.path.startswith("/api/"):
            response = opened(client, url.path)
            leaks.append((url.path, leaked(text_of(response), world.restricted_health)))
    assert [(path, found) for path, found in leaks if found] == []
    assert client.get(f"/api/v1/contacts/{world.contacts['c1'].pk}").status_code == 200


# --- A receiving worker and everything that is not their package -------------------------------


def _theirs(world: World, area_worker) -> set[tuple[type[Model] | None, int]]:
    mine: set[tuple[type[Model] | None, int]] = {(Handover, world.handovers["p1"].pk)}
    for pk in Notification.objects.filter(user=area_worker.user).values_list("pk", flat=True):
        mine.add((Notification, pk))
    return mine


def test_a_receiving_worker_reads_their_package_in_every_form(world, area_worker, sign_in):
    """The control: the package the north area team was sent is theirs to read, with the
    restricted answer a second manager consented to, and nothing that stayed in the hub."""
    client = sign_in(area_worker)
    p1 = world.handovers["p1"].pk
    for path in (
        f"/handovers/{p1}",
        f"/handovers/{p1}/package.pdf",
        f"/handovers/{p1}/package.json",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        text = text_of(response)
        assert leaked(text, world.package_texts) == world.package_texts, path
        assert "HUBONLY-EDUCATION-C1-9d1c" not in text


def test_a_receiving_worker_reaches_nothing_but_their_packages(world, area_worker, sign_in):
    client = sign_in(area_worker)
    theirs = _theirs(world, area_worker)
    kept_in_the_hub = [text for text in world.texts["c1"] if text not in world.package_texts]
    not_theirs = [
        *kept_in_the_hub,
        *(text for key, texts in world.texts.items() if key != "c1" for text in texts),
    ]
    opened_other, leaks, reached = [], [], []
    for url in every_url(world):
        others = [obj for obj in url.objects if obj not in theirs]
        if others:
            # Another object: refused whichever way it is asked for (a POST changes nothing).
            response = opened(client, url.path, post_if_get_refused=True)
            if response.status_code not in REFUSED:
                opened_other.append((url.path, response.status_code))
        else:
            response = opened(client, url.path)  # a list, or their own: read, never changed
        if response.status_code == 200:
            reached.append(url.path)
        if found := leaked(text_of(response), not_theirs):
            leaks.append((url.path, found))
    assert opened_other == []
    assert leaks == []
    assert f"/handovers/{world.handovers['p1'].pk}" in reached
    assert "/handovers/" in reached


# --- An analyst and free text ------------------------------------------------------------------


def test_an_analyst_sees_no_free_text_on_any_page_they_can_open(world, analyst, sign_in):
    client = sign_in(analyst)
    reached, leaks = [], []
    for url in every_url(world):
        response = opened(client, url.path)
        if response.status_code != 200:
            continue
        reached.append(url.path)
        if found := leaked(text_of(response), world.all_texts()):
            leaks.append((url.path, found))
    assert leaks == []
    assert "/information-requests/timeliness" in reached


def test_the_leak_check_finds_a_marker_broken_across_pdf_lines():
    assert leaked(
        "… RESTRICTED-\nHEALTH-7f3a the health\nvisitor records a disclosure …", [RESTRICTED_HEALTH]
    )
    assert not leaked("Nothing to see", [RESTRICTED_HEALTH])
