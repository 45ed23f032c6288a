"""The lighter build for low-end clinic PCs (issue 19 item 5): what ``kiosk.spec`` leaves out
stays out, and what it trims still does its job.

Fails if a dropped part sneaks back: a Qt module or plugin the kiosk never uses, the GTK
stack, Pillow's optional codecs, PyYAML's C loader, ICU's full data, debug symbols. Checks
that the trimmed ICU data answers what Qt asks of it as the full data does (collation, case
mapping, time zone names), and that the packaged kiosk starts Qt on xcb (X11 under Xvfb)
without the GL integration plugins. The voice guidance ships too (issue 15): espeak-ng's
library and its Mandarin and English data, and the packaged kiosk's self-test renders a
Mandarin phrase with them. The folder's size is printed, not asserted
(``bench/build_size.py`` prints it part by part, and the memory the kiosk takes).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.frozen.support import ROOT, frozen_cmd, kiosk_env

# Every Qt plugin the kiosk ships: platforms xcb (X11), wayland with xdg-shell (cage),
# offscreen (self-test), compose input, the CUPS printer backend.
PLUGINS_ALLOWED = {
    "platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
    "wayland-shell-integration/libxdg-shell.so",
    "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "printsupport/libcupsprintersupport.so",
}
FORBIDDEN = (
    # Qt modules the kiosk never uses (their libraries and bindings)
    r"libQt6(Network|OpenGL|Svg|Quick|Qml|Pdf|Multimedia|WebEngine\w*|EglFS\w*)\.so.*",
    r"Qt(Network|DBus|Svg|OpenGL|Qml|Quick)\.abi3\.so",
    # the GTK platform theme and what it drags in
    r"libqgtk3\.so", r"libgtk-3\.so.*", r"libgdk-3\.so.*", r"libcairo.*\.so.*",
    r"libpango.*\.so.*", r"libgdk_pixbuf.*\.so.*", r"libpixman.*\.so.*",
    # Pillow's optional codecs and their libraries
    r"_(avif|webp|imagingft|imagingcms|imagingtk)\..*\.so", r"libavif.*", r"libwebp.*",
    r"liblcms2.*", r"libsharpyuv.*",
    # PyYAML's C loader
    r"_yaml\..*\.so",
)
MB = 1024 * 1024


def internal(frozen: Path) -> Path:
    return frozen.parent / "_internal"


def test_dropped_parts_stay_out(frozen_kiosk: Path, capsys) -> None:
    files = [path for path in frozen_kiosk.parent.rglob("*") if path.is_file()]
    total = sum(path.stat().st_size for path in files if not path.is_symlink())
    with capsys.disabled():
        print(f"\ndist/kiosk: {total / MB:.1f} MB in {len(files)} files "
              "(bench/build_size.py prints it part by part)")
    back = sorted(str(path.relative_to(frozen_kiosk.parent)) for path in files
                  if any(re.fullmatch(pattern, path.name) for pattern in FORBIDDEN))
    assert not back, back
    plugins = internal(frozen_kiosk) / "PySide6" / "Qt" / "plugins"
    shipped = {path.relative_to(plugins).as_posix() for path in plugins.rglob("*")
               if path.is_file()}
    assert shipped - PLUGINS_ALLOWED == set()
    assert {"platforms/libqxcb.so", "platforms/libqoffscreen.so"} <= shipped


def test_binaries_carry_no_debug_symbols(frozen_kiosk: Path) -> None:
    python_library = next(internal(frozen_kiosk).glob("libpython3*.so*"))
    assert b".debug_info" not in python_library.read_bytes()
    for extension in (internal(frozen_kiosk) / "python3.11" / "lib-dynload").glob("*.so"):
        assert b".debug_info" not in extension.read_bytes(), extension.name


def _icu_data(frozen_kiosk: Path) -> Path:
    found = list((internal(frozen_kiosk) / "PySide6" / "Qt" / "lib").glob("libicudata.so.*"))
    assert len(found) == 1, found  # the Linux wheels bring their own ICU
    return found[0]


def test_icu_data_holds_what_qt_asks_for_and_no_more(frozen_kiosk: Path) -> None:
    data = _icu_data(frozen_kiosk).read_bytes()
    for kept in (rb"icudt\d+l/coll/zh\.res", rb"icudt\d+l/coll/ucadata\.icu",
                 rb"icudt\d+l/zone/zh\.res", rb"icudt\d+l/zoneinfo64\.res",
                 rb"icudt\d+l/cnvalias\.icu", rb"icudt\d+l/pool\.res", rb"icudt\d+l/en\.res"):
        assert re.search(kept, data), kept
    for dropped in (rb"icudt\d+l/brkitr/", rb"icudt\d+l/[\w-]+\.cnv\0", rb"icudt\d+l/translit/",
                    rb"icudt\d+l/coll/ja\.res", rb"icudt\d+l/de\.res", rb"icudt\d+l/unit/"):
        assert not re.search(dropped, data), dropped


# What Qt Core asks of ICU (collation, case mapping, time zone names), in the kiosk's
# languages and in one it does not ship (which falls back to the root data).
ICU_PROBE = r"""
import json
from PySide6.QtCore import QCollator, QDateTime, QLocale, QTimeZone

words = ["张三", "李四", "王五", "apple", "Banana", "ä", "Zebra"]
answers = {}
for name in ("zh_CN", "en_US", "de_DE"):
    collator = QCollator(QLocale(name))
    answers["sort " + name] = sorted(words, key=collator.sortKey)
answers["upper"] = QLocale("zh_CN").toUpper("straße i")
zone = QTimeZone(b"Asia/Shanghai")
for name in ("zh_CN", "en_US"):
    answers["zone " + name] = zone.displayName(
        QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, QLocale(name))
answers["when"] = QLocale("zh_CN").toString(
    QDateTime.fromSecsSinceEpoch(1700000000, zone), "yyyy-MM-dd HH:mm t")
print(json.dumps(answers, ensure_ascii=False))
"""


def _probe(extra_env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", ICU_PROBE], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                                           **extra_env})
    assert done.returncode == 0, done.stderr[-2000:]
    answers: dict[str, object] = json.loads(done.stdout)
    return answers


def test_trimmed_icu_answers_qt_as_the_full_data_does(frozen_kiosk: Path) -> None:
    # The build's libicudata loaded first: Qt's ICU takes its data from it.
    trimmed = _probe({"LD_PRELOAD": str(_icu_data(frozen_kiosk))})
    full = _probe({})
    assert trimmed == full
    assert trimmed["sort zh_CN"][:3] == ["李四", "王五", "张三"]  # pinyin order
    assert trimmed["zone zh_CN"] == "中国标准时间"


def test_packaged_kiosk_starts_qt_on_xcb(frozen_kiosk: Path, tmp_path) -> None:
    env = {**kiosk_env(tmp_path / "absent.toml", tmp_path / "logs"), "QT_QPA_PLATFORM": "xcb"}
    done = subprocess.run(["xvfb-run", "-a", *frozen_cmd("--self-test")], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    assert lines.get("qt", "").endswith("platform xcb)"), done.stdout + done.stderr[-2000:]
    assert lines["font"].startswith("ok") and lines["translations"].startswith("ok")


def test_left_out_modules_are_not_packed(frozen_kiosk: Path) -> None:
    archive = subprocess.run(
        [sys.executable, "-m", "PyInstaller.utils.cliutils.archive_viewer", "--list",
         "--recursive", str(frozen_kiosk)], capture_output=True, text=True, timeout=120)
    assert archive.returncode == 0, archive.stderr[-2000:]
    assert "kiosk.app" in archive.stdout
    for module in ("PySide6.QtNetwork", "PySide6.QtDBus", "PIL.ImageQt", "PIL.ImageTk"):
        assert module not in archive.stdout, module


def test_packaged_kiosk_carries_the_voice_and_speaks_mandarin(frozen_kiosk: Path,
                                                              tmp_path) -> None:
    # issue 15 item 2: the offline voice ships with the frozen build, where espeakng_loader
    # looks for it (next to its own module), with Mandarin and English only.
    loader = internal(frozen_kiosk) / "espeakng_loader"
    data = loader / "espeak-ng-data"
    assert (loader / "libespeak-ng.so").is_file()
    for needed in ("phontab", "phonindex", "phondata", "intonations", "cmn_dict", "en_dict",
                   "lang/sit/cmn", "lang/gmw/en"):
        assert (data / needed).is_file(), needed
    assert not (data / "ru_dict").exists() and not (data / "lang" / "zle").exists()
    env = kiosk_env(tmp_path / "absent.toml", tmp_path / "logs")
    done = subprocess.run(frozen_cmd("--self-test"), env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    assert lines.get("speech", "").startswith("ok (cmn, "), done.stdout + done.stderr[-2000:]
