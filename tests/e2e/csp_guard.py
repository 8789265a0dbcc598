"""Every browser test fails when a page it opened breaks the Content-Security-Policy.

Activated by one star-import at the end of tests/e2e/conftest.py. For each test that uses a
browser (`page`, `context`, `browser`, ...), every browser context the test opens - through
pytest-playwright's fixtures or `browser.new_context()` / `browser.new_page()` as in
tests/e2e/screens.py - is watched three ways:

- the console: Chromium logs each blocked script, style, frame or form target as an error
  mentioning "Content Security Policy";
- a `securitypolicyviolation` listener (an init script) that reports through a binding, so a
  violation is seen even when the console text changes;
- the server: the policy's report-uri (/csp-report/) logs each report at WARNING on the
  "ibbis.csp" logger, captured here from the live server thread.

After the test body (before fixtures tear down) the recorded violations fail the test. A test
that provokes a violation on purpose takes it with `csp_violations.take()`.
"""
import logging
import threading

import pytest

__all__ = ["CspViolationError", "csp_violations", "pytest_runtest_call"]

INIT_SCRIPT = """
(() => {
  if (window.__ibbisCspGuard) return;
  window.__ibbisCspGuard = true;
  document.addEventListener("securitypolicyviolation", (event) => {
    const report = window.__ibbisCspViolation;
    if (typeof report === "function") {
      report({
        directive: event.effectiveDirective || event.violatedDirective,
        blocked: event.blockedURI, document: event.documentURI,
        source: event.sourceFile, line: event.lineNumber, sample: event.sample,
      }).catch(() => {});
    }
  }, true);
})();
"""
CONSOLE_MARKERS = ("Content Security Policy", "Content-Security-Policy")


class CspViolationError(AssertionError):
    pass


class _ServerReports(logging.Handler):
    def __init__(self, sink):
        super().__init__(level=logging.WARNING)
        self.sink = sink

    def emit(self, record):
        self.sink.add("server report", record.getMessage())


class CspViolations:
    """What the browser and the server said about CSP during one test."""

    def __init__(self):
        self._lock = threading.Lock()
        self._found = []
        self.contexts = []

    def add(self, where, detail):
        with self._lock:
            self._found.append((where, str(detail)))

    def watch(self, context):
        if context in self.contexts:
            return context
        self.contexts.append(context)
        context.expose_binding(
            "__ibbisCspViolation", lambda source, detail: self.add("event", detail)
        )
        context.add_init_script(INIT_SCRIPT)

        def on_console(message):
            if any(marker in message.text for marker in CONSOLE_MARKERS):
                self.add("console", message.text)

        context.on("console", on_console)
        return context

    def flush(self):
        """Let Playwright deliver the events still queued for the open pages."""
        for context in self.contexts:
            try:
                for page in context.pages:
                    if not page.is_closed():
                        page.evaluate("0")
            except Exception:  # noqa: BLE001 - a closed context has nothing left to deliver
                pass

    def take(self):
        """The violations so far, forgotten by the guard (for tests that provoke one)."""
        self.flush()
        with self._lock:
            found, self._found = self._found, []
        return found

    def check(self):
        self.flush()
        with self._lock:
            found = list(self._found)
        if found:
            lines = "\n".join(f"  [{where}] {detail}" for where, detail in found)
            raise CspViolationError(f"Content-Security-Policy violations:\n{lines}")


BROWSER_FIXTURES = ("page", "context", "new_context", "browser")


@pytest.fixture(autouse=True)
def csp_violations(request):
    guard = CspViolations()
    if not any(name in request.fixturenames for name in BROWSER_FIXTURES):
        yield guard
        return
    browser = request.getfixturevalue("browser")
    new_context, new_page = browser.new_context, browser.new_page

    def watched_new_context(*args, **kwargs):
        return guard.watch(new_context(*args, **kwargs))

    def watched_new_page(*args, **kwargs):
        # Browser.new_page opens its own context; watch it before the page loads anything.
        context = watched_new_context(*args, **kwargs)
        page = context.new_page()
        close_page = page.close

        def close(*a, **kw):  # as with Browser.new_page, closing the page closes its context
            close_page(*a, **kw)
            context.close()

        page.close = close
        return page

    browser.new_context, browser.new_page = watched_new_context, watched_new_page
    handler = _ServerReports(guard)
    logger = logging.getLogger("ibbis.csp")
    logger.addHandler(handler)
    request.node._csp_guard = guard
    try:
        yield guard
    finally:
        logger.removeHandler(handler)
        browser.new_context, browser.new_page = new_context, new_page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    guard = getattr(item, "_csp_guard", None)
    if guard is not None:
        guard.check()
    return result
