"""Browser tests of the console: a whole suite of our own, Debian's Chromium driven by
Playwright (no browser download), axe-core (shipped inside axe-playwright-python) for the
accessibility check, and no console errors on any page a journey passes."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

import foyer_testing as testing

# The journeys import their helpers from console_support.py (--import-mode=importlib).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from console_support import OWNER_PASSWORD  # noqa: E402
from e2e_accounts import bearer  # noqa: E402

CHROMIUM = Path(os.environ.get("FOYER_CHROMIUM", "/usr/bin/chromium"))
# Screenshots go here when set (docs/console/ for the README); otherwise to a temporary folder.
SHOTS = os.environ.get("FOYER_CONSOLE_SCREENSHOTS")
# WCAG 2.1 A and AA: the bar the issue sets.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def fake_register():
    """The public registers the console stack looks persons and companies up in."""
    from foyer_testing.fake_register import FakeRegister

    with FakeRegister() as register:
        yield register


@pytest.fixture(scope="session")
def console_stack(start_stack, run_id, fake_register):
    vhost = f"foyer_console_{run_id}"
    amqp_url = testing.create_vhost(vhost)
    try:
        with start_stack(
            amqp_url,
            "console",
            FOYER_OWNER_EMAIL="owner@console.test",
            FOYER_OWNER_PASSWORD=OWNER_PASSWORD,
            FOYER_SPAR_URL=fake_register.spar_url,
            FOYER_ARES_URL=fake_register.ares_url,
        ) as stack:
            yield stack
    finally:
        testing.delete_vhost(vhost)


@pytest.fixture(scope="session")
def site(console_stack) -> str:
    return console_stack.gateway_url


@pytest.fixture(scope="session")
def owner_api(site) -> dict[str, str]:
    return bearer(site, "owner", OWNER_PASSWORD)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        # A missing browser fails rather than skips: a skipped journey would read as passed.
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield launched
        launched.close()


class Visit:
    """One user's browser tab: remembers console errors; checks pages with axe."""

    def __init__(self, page, site: str, shots: Path):
        self.page, self.site, self.shots = page, site, shots
        self.errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        # Which address failed, for the message (the console line does not say).
        page.on("response", lambda r: r.status >= 400 and self.errors.append(f"{r.status} {r.url}"))

    def go(self, path: str):
        return self.page.goto(self.site + path)

    def follow(self, target) -> None:
        """Click a link or submit button and wait until the next page has loaded.

        A bare click returns while the old page unloads; axe run in that moment finds no
        document. Pages that must then be checked are reached through here.
        """
        with self.page.expect_navigation():
            target.click()

    def expect_refused(self, path: str) -> None:
        """A page the user may not see: 403, and its error lines are expected ones."""
        assert self.go(path).status == 403
        self.errors.clear()

    def check(self, shot: str | None = None) -> None:
        """No console errors so far, no WCAG 2.1 AA violation here; a screenshot if named."""
        from axe_playwright_python.sync_playwright import Axe

        assert self.errors == [], self.errors
        results = Axe().run(self.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        violations = [
            (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"]
        ]
        assert violations == [], violations
        if shot:
            self.page.screenshot(path=str(self.shots / f"{shot}.png"), full_page=True)

    def upload(self, register: Path) -> None:
        """From the menu's Import: the file uploaded as a customer register, on its mapping."""
        self.page.get_by_role("link", name="Import").click()
        self.page.get_by_label("CSV or XLSX file").set_input_files(str(register))
        self.page.get_by_role("button", name="Upload").click()
        self.page.wait_for_url(re.compile(r".*/imports/[^/]+/mapping$"))

    def dry_run(self) -> None:
        """The mapping saved as it stands, and its dry run done."""
        self.page.get_by_role("button", name="Save and make a dry run").click()
        expect(self.page.locator("#job-state")).to_have_text(
            "Dry run done: nothing is written yet", timeout=60_000
        )

    def log_in(self, username: str, password: str) -> None:
        self.go("/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Log in").click()
        try:
            self.page.wait_for_url("**/search", timeout=15_000)
        except Exception as exc:  # noqa: BLE001 - say what the page says instead of "timeout"
            text = self.page.locator("body").inner_text()[:1500]
            raise AssertionError(f"{username} not logged in at {self.page.url}: {text}") from exc


@pytest.fixture
def visit(browser, site, tmp_path):
    shots = Path(SHOTS) if SHOTS else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    contexts = []

    def open_tab(width: int = 1280, height: int = 860) -> Visit:
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="en-GB", accept_downloads=True
        )
        contexts.append(context)
        return Visit(context.new_page(), site, shots)

    yield open_tab
    for context in contexts:
        context.close()
