"""Dependency audit: the lock file against pyproject, and its pins against known advisories.

``python tools/dep_audit.py sync-check``
    Fails when ``pyproject.toml`` and ``requirements.lock`` disagree: a dependency (runtime
    or ``dev``) missing from the lock or pinned outside its range, or a pin the lock says
    comes from pyproject that pyproject no longer names. The fix is ``make lock``.

``python tools/dep_audit.py check [--online] [--advisories FILE] [--today YYYY-MM-DD]``
    Matches every pin of the lock against advisories and fails on a finding that the
    allowlist (``security/audit-allowlist.toml``) does not accept, or accepts with an
    expired date. Advisories come from ``--advisories`` (a file, the tests' fixtures) or,
    with ``--online``, from PyPI's JSON API (``/pypi/<name>/<version>/json`` lists the
    vulnerabilities of that release); a pin PyPI does not answer for is matched against the
    committed snapshot ``security/advisories.json`` instead, whose date is printed.

``python tools/dep_audit.py snapshot``
    Refreshes ``security/advisories.json`` from PyPI for the pins it answers for (keeping the
    snapshot's entries for the others).

What works where is in docs/security.md (## Dependencies)."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import sys
import tomllib
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
PYPROJECT = ROOT / "pyproject.toml"
SNAPSHOT = ROOT / "security" / "advisories.json"
ALLOWLIST = ROOT / "security" / "audit-allowlist.toml"
#: PyPI's JSON API; DEP_AUDIT_PYPI_URL points elsewhere (a mirror, or the tests' fake index).
PYPI = os.environ.get("DEP_AUDIT_PYPI_URL", "https://pypi.org/pypi").rstrip("/")
STALE_AFTER_DAYS = 30
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
_VIA_PYPROJECT = "(pyproject.toml)"


# --- the lock and pyproject ------------------------------------------------------------


@dataclass
class Pin:
    name: str
    version: str
    via_pyproject: bool = False


def read_lock(path: Path = LOCK) -> dict[str, Pin]:
    """The lock's pins by canonical name; ``via_pyproject`` when pip-compile noted that
    pyproject asks for the package directly."""
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            current = Pin(canonicalize_name(match[1]), match[2])
            pins[current.name] = current
        elif current is not None and line.lstrip().startswith("#") and _VIA_PYPROJECT in line:
            current.via_pyproject = True
    return pins


def pyproject_requirements(path: Path = PYPROJECT) -> list[Requirement]:
    """The runtime dependencies and the ``dev`` extra of pyproject, for this interpreter."""
    project = tomllib.loads(path.read_text(encoding="utf-8"))["project"]
    texts = list(project.get("dependencies", []))
    texts += project.get("optional-dependencies", {}).get("dev", [])
    environment = {**default_environment(), "extra": "dev"}
    requirements = [Requirement(text) for text in texts]
    return [r for r in requirements if r.marker is None or r.marker.evaluate(environment)]


def sync_problems(requirements: list[Requirement], pins: dict[str, Pin]) -> list[str]:
    """Why the lock does not match pyproject (empty when it does)."""
    problems = []
    wanted = set()
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        wanted.add(name)
        pin = pins.get(name)
        if pin is None:
            problems.append(f"{requirement} is in pyproject.toml but not in requirements.lock")
        elif not requirement.specifier.contains(Version(pin.version), prereleases=True):
            problems.append(
                f"{requirement} in pyproject.toml, but requirements.lock pins {name}=={pin.version}"
            )
    for pin in pins.values():
        if pin.via_pyproject and pin.name not in wanted:
            problems.append(
                f"requirements.lock pins {pin.name}=={pin.version} for pyproject.toml, "
                "which no longer asks for it"
            )
    return problems


# --- advisories ------------------------------------------------------------------------


@dataclass
class Advisory:
    id: str
    package: str
    summary: str = ""
    aliases: list[str] = field(default_factory=list)
    fixed_in: list[str] = field(default_factory=list)
    versions: list[str] = field(default_factory=list)  # exact versions affected
    specifier: str = ""  # or a range ("<5.2.3,>=5.2")

    def affects(self, version: str) -> bool:
        if version in self.versions:
            return True
        return bool(self.specifier) and SpecifierSet(self.specifier).contains(
            Version(version), prereleases=True
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Advisory:
        return cls(
            id=data["id"],
            package=canonicalize_name(data["package"]),
            summary=data.get("summary", ""),
            aliases=list(data.get("aliases", [])),
            fixed_in=list(data.get("fixed_in", [])),
            versions=list(data.get("versions", [])),
            specifier=data.get("specifier", ""),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "package": self.package,
            "summary": self.summary,
            "aliases": self.aliases,
            "fixed_in": self.fixed_in,
            "versions": self.versions,
            "specifier": self.specifier,
        }


@dataclass
class AdvisoryFile:
    fetched: str
    source: str
    advisories: list[Advisory]
    packages: list[str] = field(default_factory=list)  # pins PyPI answered for, when fetched


def read_advisories(path: Path) -> AdvisoryFile:
    data = json.loads(path.read_text(encoding="utf-8"))
    return AdvisoryFile(
        fetched=data.get("fetched", ""),
        source=data.get("source", str(path)),
        advisories=[Advisory.from_json(item) for item in data.get("advisories", [])],
        packages=list(data.get("packages", [])),
    )


def _get_json(url: str) -> dict[str, Any] | None:
    """The JSON at ``url``; ``None`` for a 404. Network errors propagate."""
    try:
        with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 (our index URL)
            return json.load(response)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise


def _from_pypi(item: dict[str, Any], pin: Pin) -> Advisory:
    return Advisory(
        id=item.get("id") or "",
        package=pin.name,
        summary=(item.get("summary") or item.get("details") or "")[:300],
        aliases=list(item.get("aliases") or []),
        fixed_in=list(item.get("fixed_in") or []),
        versions=[pin.version],
    )


def fetch_pin(pin: Pin) -> list[Advisory] | None:
    """PyPI's vulnerabilities of ``pin``; ``None`` when PyPI does not answer for it (the
    release's page is not served, and the project's page is about another release)."""
    data = _get_json(f"{PYPI}/{pin.name}/{pin.version}/json")
    if data is None:
        # the project's page lists the vulnerabilities of its latest release only
        data = _get_json(f"{PYPI}/{pin.name}/json")
        if data is None or data.get("info", {}).get("version") != pin.version:
            return None
    return [_from_pypi(item, pin) for item in data.get("vulnerabilities") or []]


def fetch_live(pins: dict[str, Pin]) -> tuple[list[Advisory], list[str], str]:
    """(advisories, names PyPI answered for, error text when the registry was unreachable)."""
    advisories: list[Advisory] = []
    answered: list[str] = []
    error = ""

    def one(pin: Pin) -> tuple[Pin, list[Advisory] | None, str]:
        try:
            return pin, fetch_pin(pin), ""
        except (OSError, ValueError) as exc:  # URLError, timeouts, bad JSON
            return pin, None, f"{type(exc).__name__}: {exc}"

    with ThreadPoolExecutor(max_workers=8) as pool:
        for pin, found, failure in pool.map(one, pins.values()):
            if found is not None:
                advisories += found
                answered.append(pin.name)
            elif failure:
                error = failure
    return advisories, sorted(answered), error


# --- the allowlist and the verdict -----------------------------------------------------


@dataclass
class Acceptance:
    id: str
    package: str
    reason: str
    expires: datetime.date


def read_allowlist(path: Path = ALLOWLIST) -> list[Acceptance]:
    """``[[accept]]`` entries: id, package, reason and an expiry date, all required."""
    if not path.exists():
        return []
    entries = []
    for number, item in enumerate(
        tomllib.loads(path.read_text(encoding="utf-8")).get("accept", [])
    ):
        missing = [key for key in ("id", "package", "reason", "expires") if not item.get(key)]
        if missing or not isinstance(item["expires"], datetime.date):
            raise SystemExit(
                f"{path}: entry {number + 1} needs id, package, reason and expires (a date); "
                f"missing or wrong: {', '.join(missing) or 'expires'}"
            )
        entries.append(
            Acceptance(
                item["id"], canonicalize_name(item["package"]), item["reason"], item["expires"]
            )
        )
    return entries


@dataclass
class Verdict:
    failures: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)


def judge(
    pins: dict[str, Pin],
    advisories: list[Advisory],
    allowlist: list[Acceptance],
    today: datetime.date,
) -> Verdict:
    """Every advisory affecting a pin is a failure unless an unexpired allowlist entry for
    its id (or an alias) and package accepts it; an expired entry is a failure too."""
    verdict = Verdict()
    seen = set()
    for advisory in advisories:
        pin = pins.get(advisory.package)
        if pin is None or not advisory.affects(pin.version):
            continue
        key = (advisory.package, advisory.id)
        if key in seen:
            continue
        seen.add(key)
        names = {advisory.id, *advisory.aliases}
        label = f"{pin.name}=={pin.version}: {advisory.id}"
        if advisory.fixed_in:
            label += f" (fixed in {', '.join(advisory.fixed_in)})"
        if advisory.summary:
            label += f" — {advisory.summary}"
        entry = next((a for a in allowlist if a.package == pin.name and a.id in names), None)
        if entry is None:
            verdict.failures.append(
                f"{label}\n    fix: upgrade it (make lock UPGRADE=1) or "
                f"accept it in {ALLOWLIST.relative_to(ROOT)} with a reason "
                "and an expiry date"
            )
        elif entry.expires < today:
            verdict.failures.append(
                f"{label}\n    the allowlist's acceptance expired on {entry.expires} "
                f"(reason was: {entry.reason}); upgrade or renew it"
            )
        else:
            verdict.accepted.append(f"{label}\n    accepted until {entry.expires}: {entry.reason}")
    return verdict


def _today() -> datetime.date:
    """Today in Vietnam (the allowlist's dates are local dates)."""
    return datetime.datetime.now(tz=datetime.timezone(datetime.timedelta(hours=7))).date()


# --- commands --------------------------------------------------------------------------


def cmd_sync_check(args: argparse.Namespace) -> int:
    problems = sync_problems(pyproject_requirements(args.pyproject), read_lock(args.lock))
    if problems:
        print("requirements.lock does not match pyproject.toml:")
        for problem in problems:
            print(f"  - {problem}")
        print("Run `make lock` and commit requirements.lock.")
        return 1
    print("requirements.lock matches pyproject.toml.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    pins = read_lock(args.lock)
    today = datetime.date.fromisoformat(args.today) if args.today else _today()
    advisories: list[Advisory] = []
    if args.advisories:
        source = read_advisories(args.advisories)
        advisories = source.advisories
        print(f"Advisories: {args.advisories} (dated {source.fetched or 'undated'}).")
    elif not args.online:
        snapshot = read_advisories(args.snapshot)
        advisories = snapshot.advisories
        print(f"Advisories: the committed snapshot {args.snapshot} dated {snapshot.fetched}.")
    if args.online:
        live, answered, error = fetch_live(pins)
        advisories += live
        rest = sorted(set(pins) - set(answered))
        print(f"PyPI answered for {len(answered)} of {len(pins)} pins.")
        if error and not answered:
            print(f"PyPI could not be reached ({error}).")
        if rest:
            if not args.snapshot.exists():
                print(f"No snapshot at {args.snapshot} for the {len(rest)} other pins.")
                if os.environ.get("CI", "").lower() == "true":
                    print("Under CI the audit needs PyPI or the snapshot: failing.")
                    return 1
            else:
                snapshot = read_advisories(args.snapshot)
                advisories += [a for a in snapshot.advisories if a.package in rest]
                print(
                    f"The other {len(rest)} pins were matched against the committed snapshot "
                    f"{args.snapshot.relative_to(ROOT) if args.snapshot.is_relative_to(ROOT) else args.snapshot} "
                    f"dated {snapshot.fetched}."
                )
                fetched = datetime.date.fromisoformat(snapshot.fetched)
                if (today - fetched).days > STALE_AFTER_DAYS:
                    print(
                        f"WARNING: the snapshot is {(today - fetched).days} days old; refresh it "
                        "with `make audit-snapshot` where PyPI answers per release."
                    )
    verdict = judge(pins, advisories, read_allowlist(args.allowlist), today)
    for line in verdict.accepted:
        print(f"accepted: {line}")
    for line in verdict.failures:
        print(f"VULNERABLE: {line}")
    if verdict.failures:
        print(f"{len(verdict.failures)} known vulnerabilit(y/ies) in requirements.lock.")
        return 1
    print(f"No known vulnerability in the {len(pins)} pins of requirements.lock.")
    return 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    pins = read_lock(args.lock)
    live, answered, error = fetch_live(pins)
    kept: list[Advisory] = []
    if args.snapshot.exists():
        kept = [a for a in read_advisories(args.snapshot).advisories if a.package not in answered]
    today = _today()
    data = {
        "fetched": today.isoformat(),
        "source": "PyPI JSON API (vulnerabilities of each locked release); "
        "entries of pins PyPI did not answer for are kept from the previous snapshot",
        "packages": answered,
        "advisories": [a.to_json() for a in sorted(live + kept, key=lambda a: (a.package, a.id))],
    }
    args.snapshot.parent.mkdir(parents=True, exist_ok=True)
    args.snapshot.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(
        f"{args.snapshot}: PyPI answered for {len(answered)} of {len(pins)} pins"
        + (f" (last error: {error})" if error else "")
        + "."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lock", type=Path, default=LOCK)
    parser.add_argument("--pyproject", type=Path, default=PYPROJECT)
    parser.add_argument("--snapshot", type=Path, default=SNAPSHOT)
    parser.add_argument("--allowlist", type=Path, default=ALLOWLIST)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("sync-check", help="pyproject.toml and requirements.lock agree")
    check = commands.add_parser("check", help="the lock's pins against the advisories")
    check.add_argument("--online", action="store_true", help="ask PyPI (else the snapshot)")
    check.add_argument("--advisories", type=Path, help="an advisory file (the tests' fixtures)")
    check.add_argument("--today", help="YYYY-MM-DD, for the allowlist's expiry dates")
    commands.add_parser("snapshot", help="refresh security/advisories.json from PyPI")
    args = parser.parse_args(argv)
    handler = {"sync-check": cmd_sync_check, "check": cmd_check, "snapshot": cmd_snapshot}
    return handler[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
