"""Compiling .ts to .qm and installing translators (incl. the long-text test mode)."""

from __future__ import annotations

import os
import shutil

import pytest
from PySide6.QtCore import QCoreApplication

from kiosk.qt import i18n


def test_build_translations_compiles_missing_or_outdated_qm(tmp_path):
    for lang in i18n.LANGUAGES:
        shutil.copy(i18n.translations_dir() / f"kiosk_{lang}.ts", tmp_path)
    built = i18n.build_translations(tmp_path)
    assert sorted(p.name for p in built) == ["kiosk_en.qm", "kiosk_zh_CN.qm"]
    assert all(p.stat().st_size > 1000 for p in built)
    assert i18n.build_translations(tmp_path) == []  # up to date: nothing to do
    ts = tmp_path / "kiosk_en.ts"
    later = (tmp_path / "kiosk_en.qm").stat().st_mtime + 10
    os.utime(ts, (later, later))
    assert [p.name for p in i18n.build_translations(tmp_path)] == ["kiosk_en.qm"]


def test_broken_ts_file_is_reported(tmp_path):
    (tmp_path / "kiosk_xx.ts").write_text("<TS><context>", encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"kiosk_xx\.ts"):
        i18n.build_translations(tmp_path)


def test_install_translator_switches_language(qapp):
    try:
        i18n.install_translator(qapp, "zh_CN")
        assert i18n.current_language() == "zh_CN"
        assert QCoreApplication.translate("SplitPanel", "You pay") == "您需支付"
        i18n.install_translator(qapp, "en")
        assert i18n.current_language() == "en"
        assert QCoreApplication.translate("SplitPanel", "You pay") == "You pay"
        with pytest.raises(ValueError, match="unknown language"):
            i18n.install_translator(qapp, "fr")
        assert i18n.current_language() == "en"
    finally:
        i18n.install_translator(qapp, i18n.DEFAULT_LANGUAGE)


def test_long_text_mode_doubles_every_translation(qapp, monkeypatch):
    monkeypatch.setenv(i18n.LONG_TEXT_ENV, "1")
    try:
        i18n.install_translator(qapp, "en")
        assert QCoreApplication.translate("SplitPanel", "You pay") == "You payYou pay"
        i18n.install_translator(qapp, "zh_CN")
        assert QCoreApplication.translate("SplitPanel", "You pay") == "您需支付您需支付"
    finally:
        monkeypatch.delenv(i18n.LONG_TEXT_ENV)
        i18n.install_translator(qapp, i18n.DEFAULT_LANGUAGE)
    assert QCoreApplication.translate("SplitPanel", "You pay") == "您需支付"
