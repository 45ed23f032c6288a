"""Languages: compiling the Qt Linguist files and switching the running app's language.

Source strings are English in the code; ``assets/translations/kiosk_<lang>.ts`` hold the
translations (extracted with ``pyside6-lupdate``, committed) and ``.qm`` files are built from
them by ``pyside6-lrelease`` (``build_translations()``; ``tools/bootstrap`` runs it too; the
``.qm`` are not committed). Simplified Chinese is the default language.

``install_translator(app, lang)`` replaces the previously installed kiosk translator; Qt then
sends ``QEvent.LanguageChange`` to every widget, whose ``translateUI()`` sets its texts again,
so the switch is live.

The kiosk files cover every kiosk module except ``kiosk/counter`` (``counter_*.ts``, see
``kiosk.counter.i18n``) and ``kiosk/server``: the screens, the setup (``SetupWizard``), admin
mode (``PinPad``, ``AdminPanel``) and the demo panel, all under this one translator. The
printed receipt's wording is not in a ``.ts``: ``kiosk.printing.receipt.TEXT`` holds it in both
languages (pure, no Qt), chosen by ``current_language()``. Command-line output (``kiosk
--self-test``, ``kiosk setup --check``, ``kiosk admin``) stays English on purpose: it is read
by installers and IT over SSH and pasted into tickets.

After changing user-facing strings, run ``tools/update-translations``: it runs
``pyside6-lupdate -no-obsolete`` over the right sources for each family of ``.ts`` files
(translations are kept), fills new English messages with their source text, and leaves new
Chinese ones ``unfinished`` for you to translate (Qt Linguist: ``.venv/bin/pyside6-linguist
assets/translations/kiosk_zh_CN.ts``). ``tests/ui/test_translations_complete.py`` fails while
a source string is missing from a committed ``.ts`` or a Chinese message is untranslated.

Long-text test mode (after Vorta): with ``KIOSK_UI_LONG_TEXT=1`` in the environment every
translated string is doubled, to catch layouts that clip longer translations.

Threads: GUI thread only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from kiosk.qt.assets import assets_dir

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
LONG_TEXT_ENV = "KIOSK_UI_LONG_TEXT"


def translations_dir() -> Path:
    return assets_dir() / "translations"


def _lrelease() -> str:
    beside_python = Path(sys.executable).with_name("pyside6-lrelease")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if not found:
        raise RuntimeError("pyside6-lrelease not found: install PySide6 into the venv")
    return found


def build_translations(directory: Path | None = None) -> list[Path]:
    """Compile every ``kiosk_*.ts`` to ``.qm`` where the ``.qm`` is missing or older.

    Returns the ``.qm`` files that were (re)built. Raises ``RuntimeError`` if lrelease fails.
    """
    directory = directory or translations_dir()
    built: list[Path] = []
    for ts in sorted(directory.glob("kiosk_*.ts")):
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        result = subprocess.run([_lrelease(), str(ts), "-qm", str(qm)],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0 or not qm.exists():
            raise RuntimeError(f"lrelease failed for {ts.name}: {result.stderr.strip()}")
        built.append(qm)
    return built


class _LongTextTranslator(QTranslator):
    """Doubles every translation of the wrapped translator (test mode for long texts)."""

    def __init__(self, inner: QTranslator) -> None:
        super().__init__()
        self._inner = inner

    def translate(self, context, source_text, disambiguation=None, n=-1):
        text = self._inner.translate(context, source_text, disambiguation, n) or source_text
        return text + text

    def isEmpty(self) -> bool:
        return False


_installed: list[QTranslator] = []
_current = DEFAULT_LANGUAGE


def long_text_mode() -> bool:
    return os.environ.get(LONG_TEXT_ENV, "") not in ("", "0")


def install_translator(app: QCoreApplication, lang: str) -> QTranslator:
    """Make ``lang`` (``zh_CN`` or ``en``) the app's language, replacing the previous one.

    Builds the ``.qm`` first if needed. Raises ``ValueError`` for an unknown language and
    ``RuntimeError`` if the translation file cannot be loaded.
    """
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    build_translations()
    translator = QTranslator(app)
    qm = translations_dir() / f"kiosk_{lang}.qm"
    if not translator.load(str(qm)):
        raise RuntimeError(f"could not load translations {qm}")
    active: QTranslator = translator
    if long_text_mode():
        active = _LongTextTranslator(translator)
        active.setParent(app)
    while _installed:
        app.removeTranslator(_installed.pop())
    _current = lang
    _installed.extend([translator, active])
    app.installTranslator(active)
    return active


def current_language() -> str:
    """The language last installed (``zh_CN`` until another is installed)."""
    return _current
