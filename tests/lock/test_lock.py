"""The dependency lock: every requirement of the project and its extras is pinned in
requirements/dev.txt with hashes, and the tools install from it and nothing else.

A build or test run then gets the same files every day, and a file the registry swapped is
refused (pip's hash-checking mode). tools/lock refreshes the lock; tools/audit checks it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "dev.txt"


def locked() -> dict[str, tuple[Version, list[str], str]]:
    """name -> (pinned version, hashes, marker text) from the lock file."""
    text = LOCK.read_text(encoding="utf-8")
    pins: dict[str, tuple[Version, list[str], str]] = {}
    # one requirement per block: "name==version [; marker] \" then "--hash=sha256:..." lines
    for block in re.split(r"\n(?=[A-Za-z])", text):
        head = block.split("\\", 1)[0].strip()
        if not head or head.startswith("#"):
            continue
        name, _, rest = head.partition("==")
        version, _, marker = rest.partition(";")
        pins[canonicalize_name(name)] = (
            Version(version.strip()), re.findall(r"--hash=sha256:([0-9a-f]{64})", block),
            marker.strip())
    return pins


def project_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        reqs += [Requirement(r) for r in extra if not r.startswith("kiosk")]
    return reqs


def test_every_locked_package_is_pinned_with_hashes() -> None:
    pins = locked()
    assert len(pins) > 50
    for name, (_, hashes, _) in pins.items():
        assert hashes, f"{name} has no hash in {LOCK.name}"


def test_every_project_requirement_is_locked_at_an_allowed_version() -> None:
    pins = locked()
    for req in project_requirements():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req} is not in the lock: run tools/lock"
        version, _, marker = pins[name]
        assert req.specifier.contains(version, prereleases=True), (
            f"lock has {name}=={version}, pyproject.toml asks {req.specifier}: run tools/lock")
        if req.marker is not None:  # a platform-only requirement stays platform-only
            assert marker and Marker(marker).evaluate({"sys_platform": "win32"}) is False, name


def test_the_lock_covers_windows_as_well() -> None:
    # the packaged kiosk is built on Windows too: Windows-only dependencies must be locked
    pins = locked()
    assert "pywin32-ctypes" in pins and "win32" in pins["pywin32-ctypes"][2]


def test_bootstrap_installs_from_the_lock_with_hashes_only() -> None:
    bootstrap = (ROOT / "tools" / "bootstrap").read_text(encoding="utf-8")
    installs = [line.strip() for line in bootstrap.splitlines()
                if "pip install" in line and not line.strip().startswith("#")]
    assert installs, "tools/bootstrap installs nothing?"
    for line in installs:
        locked_deps = "--require-hashes -r requirements/dev.txt" in line
        project_only = "--no-deps" in line and "--no-build-isolation" in line
        assert locked_deps or project_only, f"an install outside the lock: {line}"
    assert "pip install -q --upgrade pip" not in bootstrap


def test_build_refuses_a_venv_not_installed_from_the_lock() -> None:
    build = (ROOT / "tools" / "build").read_text(encoding="utf-8")
    assert "requirements/dev.txt" in build and ".kiosk-installed" in build


def test_the_refresh_and_audit_commands_exist() -> None:
    for tool in ("lock", "audit"):
        path = ROOT / "tools" / tool
        assert path.stat().st_mode & 0o111, f"tools/{tool} is not executable"
    assert "tools/audit" in (ROOT / "tools" / "test").read_text(encoding="utf-8")
    assert "tools/lock" in (ROOT / "README.md").read_text(encoding="utf-8")
