"""What every browser test checks on every page it visits, and the tools it uses.

``PageWatch`` is attached to a browser context before the first page opens:

- every request goes through a route: 127.0.0.1 (the live server) goes on, anything else
  is aborted and recorded, so a page that reaches for a CDN, a web font or an analytics
  host fails the test (a host may be *expected* — the card page's js.stripe.com — and is
  then still blocked, but not reported);
- console messages of type ``error`` and uncaught page errors are recorded, with the page
  they came from (the console error Chromium prints for an expected, blocked host is not);
- ``axe(page, name)`` injects axe-core (from the npm registry, tests/e2e/node_modules) and
  records the serious and critical violations of the page as it is;
- ``shot(page, name)`` keeps a full-page screenshot under test-artifacts/e2e/.

``assert_clean()`` at the end of a test fails with everything found, readably."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Route, expect

from tests.support.services import AXE_CORE_JS

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "e2e"
LOCAL_HOSTS = frozenset({"127.0.0.1"})
BLOCKING_IMPACTS = ("serious", "critical")
AXE_PATH = "/__e2e__/axe.min.js"  # answered by PageWatch._route, never by the server

# What every browser test needs (tests/conftest.py: skipped off CI with the reason, a
# failure under CI=true).
NEEDS = [
    pytest.mark.service("postgresql"),
    pytest.mark.service("elasticsearch"),
    pytest.mark.service("chromium"),
]

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# A 390×844 phone (iPhone 12–15 size) with touch, as most buyers arrive.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Mobile Safari/537.36"
    ),
}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
# Assertions retry for up to 10 s (Playwright's default is 5): CI runs the suite on 2 cores.
expect.set_options(timeout=10_000)


@dataclass
class PageWatch:
    name: str  # artifact folder, e.g. "desktop" or "phone"
    expected_external: frozenset[str] = frozenset()
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    layout_errors: list[str] = field(default_factory=list)
    violations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    visited: list[str] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        shutil.rmtree(
            ARTIFACTS / self.name, ignore_errors=True
        )  # no stale pictures from an earlier run

    # --- wiring ---------------------------------------------------------------------------

    def attach(self, context: BrowserContext) -> None:
        context.route("**/*", self._route)
        context.on("page", self._watch_page)

    def _route(self, route: Route) -> None:
        url = route.request.url
        if urlparse(url).path == AXE_PATH:
            # axe-core served as if from the page's own origin: the Content-Security-Policy
            # allows scripts from 'self' only (an inline copy would be blocked)
            route.fulfill(
                body=Path(AXE_CORE_JS).read_bytes(), content_type="application/javascript"
            )
            return
        if urlparse(url).hostname in LOCAL_HOSTS:
            route.continue_()
            return
        self.external.append(url)
        route.abort("blockedbyclient")

    def _watch_page(self, page: Page) -> None:
        page.on("console", lambda msg: self._console(page, msg))
        page.on("pageerror", lambda exc: self.page_errors.append(f"{page.url}: {exc}"))
        page.on(
            "response",
            lambda response: (
                response.status >= 400
                and self.http_errors.append(
                    f"HTTP {response.status} {response.request.method} {response.url} (on {page.url})"
                )
            ),
        )
        page.on(
            "framenavigated",
            lambda frame: frame == page.main_frame and self.visited.append(frame.url),
        )

    def _console(self, page: Page, msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        source = (msg.location or {}).get("url", "")
        if urlparse(source).hostname in self.expected_external:
            return  # "Failed to load resource" for the host the test blocks on purpose
        self.console_errors.append(f"{page.url}: {msg.text} [{source}]")

    # --- checks -----------------------------------------------------------------------------

    def axe(self, page: Page, label: str) -> list[dict[str, Any]]:
        """Runs axe-core on the page as it is now; keeps (and returns) the serious and
        critical violations, and writes the whole result beside the screenshots."""
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            origin = "{0.scheme}://{0.netloc}".format(urlparse(page.url))
            page.add_script_tag(url=origin + AXE_PATH)
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary,
                                          html: n.html.slice(0, 200)}))}));
        }""")
        folder = self._folder()
        (folder / f"axe-{label}.json").write_text(
            json.dumps({"url": page.url, "violations": result}, ensure_ascii=False, indent=2)
        )
        blocking = [v for v in result if v["impact"] in BLOCKING_IMPACTS]
        if blocking:
            self.violations[f"{label} ({page.url})"] = blocking
        return blocking

    def shot(self, page: Page, label: str) -> Path:
        path = self._folder() / f"{len(self.screenshots) + 1:02d}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        self.screenshots.append(path)
        return path

    def _folder(self) -> Path:
        folder = ARTIFACTS / self.name
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def problems(self) -> list[str]:
        lines: list[str] = []
        unexpected = [
            u for u in self.external if urlparse(u).hostname not in self.expected_external
        ]
        if unexpected:
            lines.append("Requests to hosts other than 127.0.0.1 (blocked):")
            lines += [f"  - {u}" for u in unexpected]
        if self.http_errors:
            lines.append("Error responses from the live server:")
            lines += [f"  - {e}" for e in self.http_errors]
        if self.layout_errors:
            lines.append("Pages wider than the screen (horizontal scrolling):")
            lines += [f"  - {e}" for e in self.layout_errors]
        if self.console_errors:
            lines.append("Console errors:")
            lines += [f"  - {e}" for e in self.console_errors]
        if self.page_errors:
            lines.append("Uncaught page errors:")
            lines += [f"  - {e}" for e in self.page_errors]
        for where, violations in self.violations.items():
            lines.append(f"axe-core: serious/critical violations on {where}:")
            for v in violations:
                lines.append(f"  - [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
                for node in v["nodes"][:5]:
                    summary = re.sub(r"\s+", " ", node["summary"] or "").strip()
                    lines.append(f"      {node['target']}: {summary}")
                    lines.append(f"        {node['html']}")
                if len(v["nodes"]) > 5:
                    lines.append(f"      … and {len(v['nodes']) - 5} more elements")
        return lines

    def assert_clean(self) -> None:
        lines = self.problems()
        assert not lines, "\n".join([f"Pages visited: {', '.join(self.visited)}", *lines])


def open_context(
    browser: Browser, live_server: Any, watch: PageWatch, viewport: str = "desktop"
) -> BrowserContext:
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        **VIEWPORTS[viewport],
    )
    context.set_default_timeout(15_000)
    watch.attach(context)
    return context
