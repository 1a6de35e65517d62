"""Browser-test fixtures: a real Chromium driven by Playwright, and axe-core accessibility checks.

Registered for the whole suite through `pytest_plugins` in frontdoor/conftest.py. Tests that use
these fixtures should carry `@pytest.mark.browser` so they can be selected or left out
(`pytest -m browser`, `pytest -m "not browser"`).

We never download browsers: the system Chromium is used (`/usr/bin/chromium`, or the path in
`FRONTDOOR_CHROMIUM`). Without it the browser tests are skipped locally, but fail in CI (where
the `CI` variable is set), so a broken CI image cannot pass by silently skipping them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from frontdoor.testing.data import ensure_reference_data

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

# Once Playwright's sync API has started, asyncio reports its event loop as running in the test
# thread (the loop runs in a greenlet of that thread), so Django's async-safety check would
# refuse ORM calls from tests and fixtures. The tests are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE_SCRIPT = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
# WCAG 2.2 AA, which includes everything from WCAG 2.0 and 2.1 at levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _unavailable(reason: str) -> None:
    """Fail in CI, skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    """One headless Chromium for the whole test session."""
    executable = os.environ.get("FRONTDOOR_CHROMIUM", DEFAULT_CHROMIUM)
    if not (Path(executable).is_file() and os.access(executable, os.X_OK)):
        _unavailable(
            f"No Chromium at {executable}: install Debian's chromium package "
            "or set FRONTDOOR_CHROMIUM to a Chromium executable"
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    try:
        yield browser
    finally:
        browser.close()
        # The same "running" loop makes Django keep this thread's database connections in
        # context-local storage while the browser is up, apart from the ones opened before it
        # started. Close those now, while they are still reachable: pytest-django only closes
        # the others, and PostgreSQL will not drop a test database with a session still open.
        from django.db import connections

        connections.close_all()
        playwright.stop()


@pytest.fixture(scope="module")
def restore_reference_data_after_module(django_db_blocker: Any) -> Iterator[None]:
    """Browser tests use transactional databases, whose flushes remove the reference data;
    put it back when the module ends, for later modules that use the `db` fixture."""
    yield
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.fixture
def browser_page(
    chromium_browser: Browser, restore_reference_data_after_module: None
) -> Iterator[Page]:
    """A fresh page in a fresh context (no cookies or storage shared between tests).

    The site's content security policy is enforced, and any violation it reports (a script
    or style without our nonce or origin) fails the test when it ends.
    """
    context = chromium_browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(10_000)
    page = context.new_page()
    csp_violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    try:
        yield page
    finally:
        context.close()
    if csp_violations:
        pytest.fail("Content security policy violations:\n" + "\n".join(csp_violations))


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the current page against WCAG 2.2 AA and return its violations."""
    if not AXE_SCRIPT.is_file():
        _unavailable(f"No axe-core at {AXE_SCRIPT}: run `npm ci`")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools, so the page's CSP (which would block an injected
        # <script>) does not apply to axe, and stays enforced for the page's own scripts.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})""", AXE_TAGS
    )
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = [json.dumps(node["target"]) for node in violation["nodes"][:3]]
        more = len(violation["nodes"]) - len(targets)
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"    at {', '.join(targets)}{f' and {more} more' if more > 0 else ''}\n"
            f"    {violation['helpUrl']}"
        )
    return "\n".join(lines)


def assert_no_axe_violations(page: Page) -> None:
    """Fail listing every WCAG 2.2 AA violation axe-core finds on the page as it is now."""
    __tracebackhide__ = True
    violations = axe_violations(page)
    if violations:
        pytest.fail(
            f"{len(violations)} accessibility violation(s) on {page.url} "
            f"({page.title()!r}):\n{format_violations(violations)}"
        )
