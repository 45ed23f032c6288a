"""Every user-facing string is translated: the committed .ts files match the sources, every
Chinese message has a translation with the same placeholders, and the setup, admin and demo
screens show no English in Chinese mode.

The first test runs ``tools/update-translations`` (pyside6-lupdate) into a temporary copy of
``assets/translations`` and compares: a string added to the code without refreshing the .ts,
or a stale message left in a .ts, fails here with the list of messages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from kiosk.printing import receipt
from kiosk.qt import i18n

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "assets" / "translations"
CHINESE = ("kiosk_zh_CN.ts", "counter_zh_CN.ts")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%n|%L?\d")

Key = tuple[str, str, str]  # context, source, disambiguation comment


def messages(ts: Path) -> dict[Key, ET.Element]:
    found: dict[Key, ET.Element] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            found[key] = message
    return found


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def translations(message: ET.Element) -> list[str]:
    element = message.find("translation")
    if element is None:
        return []
    forms = element.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [element.text or ""]


def test_committed_ts_files_match_the_sources(tmp_path: Path) -> None:
    committed = sorted(TS_DIR.glob("*.ts"))
    assert {p.name for p in committed} >= {"kiosk_zh_CN.ts", "kiosk_en.ts", "counter_zh_CN.ts"}
    for ts in committed:
        shutil.copy(ts, tmp_path / ts.name)
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "update-translations"), "--ts-dir", str(tmp_path),
         "--quiet"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    for ts in committed:
        fresh, old = messages(tmp_path / ts.name), messages(ts)
        missing = sorted(set(fresh) - set(old))
        stale = sorted(set(old) - set(fresh))
        assert not missing, (f"{ts.name} lacks {len(missing)} source string(s); run "
                             f"tools/update-translations and translate them: {missing[:10]}")
        assert not stale, (f"{ts.name} holds {len(stale)} string(s) no source uses; run "
                           f"tools/update-translations: {stale[:10]}")
        assert len(fresh) > 100


@pytest.mark.parametrize("name", CHINESE)
def test_every_chinese_message_is_translated_with_the_same_placeholders(name: str) -> None:
    problems = []
    found = messages(TS_DIR / name)
    assert len(found) > 100
    for (context, source, _), message in found.items():
        element = message.find("translation")
        state = element.get("type") if element is not None else "missing"
        texts = translations(message)
        if state or not texts or not all(t.strip() for t in texts):
            problems.append(f"{context}: {source!r} untranslated ({state or 'empty'})")
            continue
        for text in texts:
            if placeholders(text) != placeholders(source):
                problems.append(f"{context}: {source!r} -> {text!r}: placeholders differ")
            elif re.search(r"[A-Za-z]", source) and re.search(r"[\u4e00-\u9fff]", text) is None:
                problems.append(f"{context}: {source!r} -> {text!r}: no Chinese in it")
    assert not problems, "\n".join(problems)


def test_english_messages_keep_their_placeholders() -> None:
    for (context, source, _), message in messages(TS_DIR / "kiosk_en.ts").items():
        for text in translations(message):
            assert text.strip(), f"{context}: {source!r} has an empty English text"
            assert placeholders(text) == placeholders(source), (context, source, text)


def test_receipt_wording_has_both_languages_with_the_same_placeholders() -> None:
    assert set(receipt.TEXT) == set(i18n.LANGUAGES)
    zh, en = receipt.TEXT["zh_CN"], receipt.TEXT["en"]
    assert zh.keys() == en.keys()
    for key in zh:
        assert zh[key].strip() and en[key].strip(), key
        assert placeholders(zh[key]) == placeholders(en[key]), key
        assert re.search(r"[\u4e00-\u9fff]", zh[key]), key


# -- in Chinese mode, the setup, admin and demo screens show no English ---------------------

# Words that stay as they are in Chinese text: protocol and product names, the language
# button that must read "English" in every language.
KEPT = re.compile(r"https?://|\bCA\b|ESC/POS|PC/SC|\bEnglish\b|\bOK\b")


def english_left(root: QWidget) -> list[str]:
    shown = [root.windowTitle()]
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLabel | QAbstractButton):
            shown.append(widget.text())
    return [text for text in shown if re.search(r"[A-Za-z]{3,}", KEPT.sub("", text))]


@pytest.fixture
def chinese(qapp) -> Iterator[None]:
    i18n.install_translator(qapp, "zh_CN")
    yield
    i18n.install_translator(qapp, i18n.DEFAULT_LANGUAGE)


def test_setup_wizard_is_chinese_on_every_page(qtbot, chinese, tmp_path, background) -> None:
    from kiosk.install.setup.wizard import STEPS, SetupWizard

    wizard = SetupWizard(background, config_path=tmp_path / "kiosk.toml")
    qtbot.addWidget(wizard)
    assert wizard.title.text() == "自助机设置"
    assert wizard.step_label.text() == f"第 1 步，共 {len(STEPS)} 步"
    assert english_left(wizard) == []
    for code in ("offline", "tls", "unauthenticated", "some_new_code"):
        message = wizard.backend_message(code)
        assert re.search(r"[\u4e00-\u9fff]", message), (code, message)
    i18n.install_translator(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: wizard.title.text() == "Kiosk setup")  # switches live both ways
    i18n.install_translator(QApplication.instance(), "zh_CN")
    qtbot.waitUntil(lambda: wizard.next.text() == "下一步")


def test_admin_pin_pad_and_panel_are_chinese(qtbot, chinese) -> None:
    from kiosk.install.admin.dialog import AdminPanel, PinPad
    from kiosk.install.admin.status import gather_status
    from kiosk.install.pin import PinGate, hash_pin

    pad = PinPad(PinGate(hash_pin("246810")))
    qtbot.addWidget(pad)
    assert pad.prompt.text() == "请输入管理密码"
    pad.entry.setText("1357")
    pad.submit()
    assert pad.message.text() == "密码错误，还可以再试 4 次。"
    assert english_left(pad) == []
    panel = AdminPanel()
    qtbot.addWidget(panel)
    assert panel.windowTitle() == "自助机管理"
    assert english_left(panel) == []
    panel.show_status(gather_status(None, None, None))  # no config, journal or printer
    assert panel.rows["backend"][1].text() == "✖ 尚未设置"
    assert panel.rows["journal"][1].text() == "✖ 未打开"
    assert panel.rows["printer"][1].text() == "✔ 不使用打印机"


def test_demo_panel_is_chinese(qtbot, chinese, background) -> None:
    from kiosk.client import BackendConfig
    from kiosk.demo.panel import DemoPanel

    panel = DemoPanel(BackendConfig(base_url="https://127.0.0.1:9", token="t"), {}, background)
    qtbot.addWidget(panel)
    assert panel.windowTitle() == "自助机演示面板"
    assert english_left(panel) == []
