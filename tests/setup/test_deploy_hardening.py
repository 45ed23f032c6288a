"""No way out of the kiosk shell: the systemd unit, the kernel and login settings that go with
it, the PyInstaller spec, and the Windows guide's lock-down steps, read as files."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def settings(path: Path) -> dict[str, list[str]]:
    """``key=value`` lines of a systemd or sysctl file (repeated keys kept in order)."""
    found: dict[str, list[str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";", "[")) or "=" not in line:
            continue
        key, value = (part.strip() for part in line.split("=", 1))
        found.setdefault(key, []).append(value)
    return found


def test_the_unit_runs_cage_without_console_switching_or_core_dumps() -> None:
    unit = settings(DEPLOY / "kiosk.service")
    [start] = unit["ExecStart"]
    command = start.split()
    assert Path(command[0]).name == "cage"
    cage_flags = command[1:command.index("--")]
    assert "-s" not in cage_flags, "cage -s allows switching to another console"
    assert command[command.index("--") + 1:] == ["/opt/kiosk/kiosk", "app", "--fullscreen"]
    assert "--demo" not in start
    assert unit["LimitCORE"] == ["0"]
    assert unit["UMask"] == ["0077"]
    assert unit["NoNewPrivileges"] == ["yes"]
    # The self-test runs first but never keeps the kiosk's own out-of-service screen away.
    assert unit["ExecStartPre"] == ["-/opt/kiosk/kiosk --self-test"]


def test_no_sysrq_no_core_dumps_and_no_spare_consoles() -> None:
    sysctl = settings(DEPLOY / "sysctl.d" / "90-kiosk.conf")
    assert sysctl["kernel.sysrq"] == ["0"]
    assert sysctl["fs.suid_dumpable"] == ["0"]
    logind = settings(DEPLOY / "logind.conf.d" / "90-kiosk.conf")
    assert logind["NAutoVTs"] == ["0"] and logind["ReserveVT"] == ["0"]


def spec_calls() -> tuple[ast.Module, dict[str, ast.Call]]:
    tree = ast.parse((ROOT / "kiosk.spec").read_text(encoding="utf-8"))
    calls = {node.func.id: node for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    return tree, calls


def test_the_packaged_kiosk_has_no_console_and_no_demo() -> None:
    tree, calls = spec_calls()
    console = [kw.value for kw in calls["EXE"].keywords if kw.arg == "console"]
    assert len(console) == 1 and isinstance(console[0], ast.Constant)
    assert console[0].value is False, "a console window sits behind the kiosk on Windows"
    not_shipped = next(node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                       and any(isinstance(t, ast.Name) and t.id == "NOT_SHIPPED_PACKAGES"
                               for t in node.targets))
    names = set(ast.literal_eval(not_shipped))
    assert {"kiosk.demo", "kiosk.card.virtual", "kiosk.server"} <= names
    excludes = next(node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "excludes"
                            for t in node.targets))
    assert any(isinstance(item, ast.Starred) and isinstance(item.value, ast.Name)
               and item.value.id == "NOT_SHIPPED_PACKAGES" for item in excludes.elts)


def test_the_windows_guide_locks_the_shell_down() -> None:
    guide = (ROOT / "docs" / "deploy-windows.md").read_text(encoding="utf-8")
    for step in ("Client-EmbeddedShellLauncher", "Client-KeyboardFilter", "DisableTaskMgr",
                 "WEKF_PredefinedKey", "--self-test"):
        assert step in guide, step
    for combination in ("Ctrl+Alt+Del", "Win+L", "Alt+Tab", "Ctrl+Shift+Esc"):
        assert re.search(rf"Enable-Predefined-Key\s+\"{re.escape(combination)}\"", guide), \
            combination
