"""The Content-Security-Policy in a real browser: a script injected into a page (as a
stored-XSS payload would be) does not run and is reported as a violation, while our own
scripts keep working (the product page's gallery, the cart's quantity auto-save, the
dashboard's confirm dialogs — covered by the journeys, whose watch fails on any console
error, which is where Chromium reports a CSP violation)."""

from __future__ import annotations

from . import steps
from .browser import NEEDS, open_context

pytestmark = NEEDS

INJECT = """() => new Promise((resolve) => {
  const violations = [];
  document.addEventListener("securitypolicyviolation", (e) => violations.push(e.violatedDirective));
  const script = document.createElement("script");
  script.textContent = "window.__injected = true;";
  document.body.appendChild(script);
  const handler = document.createElement("img");
  handler.setAttribute("src", "data:image/gif;base64,R0lGODlhAQABAAAAACw=");
  handler.setAttribute("onload", "window.__handler = true;");
  document.body.appendChild(handler);
  setTimeout(() => resolve({
    injected: window.__injected === true,
    handler: window.__handler === true,
    violations: violations,
  }), 500);
})"""


def test_an_injected_inline_script_is_blocked(browser, live_server, journey_data, watch):
    context = open_context(browser, live_server, watch, "desktop")
    page = context.new_page()
    steps.goto(page, f"/products/{journey_data.fish_sauce.slug}/")
    header = page.evaluate("() => document.querySelector('meta') && 1")
    assert header == 1

    result = page.evaluate(INJECT)

    assert result["injected"] is False
    assert result["handler"] is False
    assert any(v.startswith("script-src") for v in result["violations"]), result
    # the violations above are the test's own doing; nothing else may have complained
    watch.console_errors[:] = [e for e in watch.console_errors if "Content Security" not in e]
    context.close()
    watch.assert_clean()
