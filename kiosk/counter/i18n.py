"""The counter's languages: Simplified Chinese by default, English switchable, live.

The counter's own strings (English in the code) are translated by
``assets/translations/counter_zh_CN.ts`` (extracted with ``pyside6-lupdate`` from
``kiosk/counter``, committed; the ``.qm`` is built from it by ``pyside6-lrelease`` when missing
or older; refresh it with ``tools/update-translations``). English needs no counter file: with
``en`` the counter's translator is removed and the English source texts show. Every text the
counter shows is its own (``kiosk.counter.messages`` words card errors and reason codes for
staff), so no other translator is needed. Installing sends ``LanguageChange`` to every
widget, whose ``translateUI()`` sets its texts again.

Threads: GUI thread only.
"""

from __future__ import annotations

import subprocess

from PySide6.QtCore import QCoreApplication, QTranslator

from kiosk.qt import i18n as ui_i18n

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

_installed: list[QTranslator] = []
_current = DEFAULT_LANGUAGE


def build_counter_translations() -> list[str]:
    """Compile ``counter_*.ts`` to ``.qm`` where missing or older; the files built."""
    built = []
    for ts in sorted(ui_i18n.translations_dir().glob("counter_*.ts")):
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        result = subprocess.run([ui_i18n._lrelease(), str(ts), "-qm", str(qm)],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0 or not qm.exists():
            raise RuntimeError(f"lrelease failed for {ts.name}: {result.stderr.strip()}")
        built.append(str(qm))
    return built


def install_language(app: QCoreApplication, lang: str) -> None:
    """Make ``lang`` the counter's language (``zh_CN`` or ``en``)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    while _installed:
        app.removeTranslator(_installed.pop())
    if lang != "en":
        build_counter_translations()
        translator = QTranslator(app)
        qm = ui_i18n.translations_dir() / f"counter_{lang}.qm"
        if not translator.load(str(qm)):
            raise RuntimeError(f"could not load translations {qm}")
        app.installTranslator(translator)
        _installed.append(translator)
    _current = lang


def current_language() -> str:
    return _current
