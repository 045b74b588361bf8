"""The dependency audit (tools/dep_audit.py, ``make audit``), offline: a fixture lock, advisory
file and allowlist (tests/security/data/) with fake packages; "today" is passed in."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
TOOL = ROOT / "tools" / "dep_audit.py"


def audit(
    *args: str, lock: Path = DATA / "lock.txt", env: dict[str, str] | None = None, **paths: Path
) -> tuple[int, str]:
    options = [f"--lock={lock}", f"--allowlist={paths.get('allowlist', DATA / 'allowlist.toml')}"]
    options += [f"--pyproject={paths.get('pyproject', DATA / 'pyproject.toml')}"]
    options += [f"--snapshot={paths.get('snapshot', DATA / 'advisories.json')}"]
    result = subprocess.run(
        [sys.executable, str(TOOL), *options, *args],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "CI": "false", **(env or {})},
    )
    return result.returncode, result.stdout + result.stderr


def check(today: str, lock: Path = DATA / "lock.txt", **paths: Path) -> tuple[int, str]:
    return audit(
        "check", f"--advisories={DATA / 'advisories.json'}", f"--today={today}", lock=lock, **paths
    )


def test_a_vulnerable_pin_fails_and_says_how_to_fix():
    code, out = check("2026-02-01")
    assert code == 1
    assert "VULNERABLE: fakepkg==1.0.0: PYSEC-TEST-1 (fixed in 1.0.1)" in out
    assert "make lock UPGRADE=1" in out


def test_an_allowlisted_advisory_passes_until_its_expiry(tmp_path):
    lock = tmp_path / "lock.txt"
    lock.write_text("accepted-pkg==2.1\n    # via ocop-marketplace (pyproject.toml)\n")
    code, out = check("2026-06-30", lock=lock)
    assert code == 0, out
    assert "accepted: accepted-pkg==2.1: PYSEC-TEST-2" in out  # matched by its alias
    assert "accepted until 2026-06-30: only the XML export" in out

    code, out = check("2026-07-01", lock=lock)
    assert code == 1
    assert "expired on 2026-06-30" in out


def test_an_expired_allowlist_entry_fails():
    code, out = check("2026-02-01")
    assert "VULNERABLE: expiredpkg==2.2: PYSEC-TEST-3" in out
    assert "the allowlist's acceptance expired on 2026-01-31" in out
    assert "2 known vulnerabilit" in out  # fakepkg and expiredpkg; accepted-pkg accepted


def test_versions_outside_an_advisory_pass(tmp_path):
    lock = tmp_path / "lock.txt"
    lock.write_text("fakepkg==1.0.1\nexpiredpkg==2.5\nsafepkg==1.2\n")
    code, out = check("2026-02-01", lock=lock)
    assert code == 0, out
    assert "No known vulnerability in the 3 pins" in out


def test_an_allowlist_entry_without_reason_or_expiry_is_refused(tmp_path):
    allowlist = tmp_path / "allow.toml"
    allowlist.write_text('[[accept]]\nid = "PYSEC-TEST-1"\npackage = "fakepkg"\n')
    code, out = check("2026-02-01", allowlist=allowlist)
    assert code == 1
    assert "needs id, package, reason and expires" in out


def test_the_lock_agrees_with_the_fixture_pyproject():
    code, out = audit("sync-check")
    assert code == 0, out


@pytest.mark.parametrize(
    ("dependencies", "message"),
    [
        ('["Accepted_Pkg>=2", "expiredpkg>=2,<3", "newpkg>=1"]', "newpkg>=1 is in pyproject.toml"),
        ('["Accepted_Pkg>=3", "expiredpkg>=2,<3"]', "requirements.lock pins accepted-pkg==2.1"),
        ('["Accepted_Pkg>=2"]', "pins expiredpkg==2.2 for pyproject.toml, which no longer"),
    ],
)
def test_a_lock_out_of_step_with_pyproject_fails(tmp_path, dependencies, message):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        "[project]\nname = 'x'\nversion = '0'\n"
        f"dependencies = {dependencies}\n"
        "[project.optional-dependencies]\ndev = ['fakepkg==1.0.0']\n"
    )
    code, out = audit("sync-check", pyproject=pyproject)
    assert code == 1
    assert message in out
    assert "Run `make lock`" in out


def test_the_project_lock_matches_pyproject():
    """requirements.lock is what pyproject.toml asks for: after editing dependencies, run
    `make lock` (pip-compile keeps the other pins) and commit the lock."""
    result = subprocess.run(
        [sys.executable, str(TOOL), "sync-check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout


def test_the_project_lock_has_a_hash_for_every_pin():
    text = (ROOT / "requirements.lock").read_text()
    blocks = [block for block in text.split("\n") if "==" in block and not block.startswith("#")]
    assert blocks
    for block in text.split("\n"):
        if "==" in block and not block.startswith((" ", "#")):
            assert block.endswith("\\"), f"{block} has no --hash"


# --- the live source: a fake PyPI JSON API on loopback -------------------------------------

FAKE_PYPI = {
    # the release's own page: its vulnerabilities
    "/pypi/fakepkg/1.0.0/json": {
        "info": {"version": "1.0.0"},
        "vulnerabilities": [
            {"id": "PYSEC-LIVE-1", "aliases": [], "fixed_in": ["1.0.1"], "summary": "live one"}
        ],
    },
    # no release page, but the pin is the latest release: the project's page answers
    "/pypi/accepted-pkg/json": {"info": {"version": "2.1"}, "vulnerabilities": []},
    # no release page and a newer latest release: left to the snapshot
    "/pypi/expiredpkg/json": {"info": {"version": "3.0"}, "vulnerabilities": []},
}


class _FakePyPI(BaseHTTPRequestHandler):
    def do_GET(self):
        body = FAKE_PYPI.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.end_headers()
        if body is not None:
            self.wfile.write(json.dumps(body).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_pypi():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakePyPI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/pypi"
    server.shutdown()
    server.server_close()


def test_online_pins_pypi_answers_for_are_checked_live_the_others_against_the_snapshot(
    fake_pypi,
):
    code, out = audit(
        "check", "--online", "--today=2026-01-20", env={"DEP_AUDIT_PYPI_URL": fake_pypi}
    )
    assert code == 1
    assert "PyPI answered for 2 of 4 pins." in out
    assert "VULNERABLE: fakepkg==1.0.0: PYSEC-LIVE-1 (fixed in 1.0.1) — live one" in out
    assert "PYSEC-TEST-1" not in out  # fakepkg answered live: the snapshot's entry unused
    assert "The other 2 pins were matched against the committed snapshot" in out
    assert "dated 2026-01-15" in out
    assert "accepted: expiredpkg==2.2: PYSEC-TEST-3" in out  # from the snapshot, allowlisted
    assert "accepted-pkg==2.1: PYSEC-TEST-2" not in out  # answered live: clean


def test_unreachable_pypi_uses_the_snapshot_and_says_its_date():
    closed = {"DEP_AUDIT_PYPI_URL": "http://127.0.0.1:9/pypi", "CI": "true"}
    code, out = audit("check", "--online", "--today=2026-03-01", env=closed)
    assert "PyPI answered for 0 of 4 pins." in out
    assert "PyPI could not be reached" in out
    assert "matched against the committed snapshot" in out
    assert "WARNING: the snapshot is 45 days old" in out
    assert code == 1  # the snapshot's fakepkg advisory
    assert "VULNERABLE: fakepkg==1.0.0: PYSEC-TEST-1" in out


def test_unreachable_pypi_without_a_snapshot_fails_under_ci(tmp_path):
    closed = {"DEP_AUDIT_PYPI_URL": "http://127.0.0.1:9/pypi", "CI": "true"}
    code, out = audit(
        "check", "--online", "--today=2026-03-01", env=closed, snapshot=tmp_path / "missing.json"
    )
    assert code == 1
    assert "Under CI the audit needs PyPI or the snapshot: failing." in out
