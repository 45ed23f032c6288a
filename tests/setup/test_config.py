"""The installed configuration: validation codes, atomic writes, roll-out files, and that
kiosk.app reads the same file."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from kiosk.install import config as kconfig
from kiosk.install.pin import hash_pin, verify_pin

PIN_HASH = hash_pin("246810")


def good(**over: object) -> dict[str, object]:
    values: dict[str, object] = {"backend_url": "https://credit.example.org", "token": "tok-123",
                                 "admin_pin_hash": PIN_HASH, "printer": "escpos:10.0.0.9:9100",
                                 "reader": "ACS ACR39U 00 00", "orientation": "landscape",
                                 "language": "en", "fullscreen": True}
    values.update(over)
    return values


def test_a_good_configuration_validates_and_round_trips(tmp_path: Path) -> None:
    cfg = kconfig.validate(good())
    path = kconfig.write_config(cfg, tmp_path / "cfg" / "kiosk.toml")
    assert kconfig.load_config_file(path) == cfg
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "tok-123" not in repr(cfg)


@pytest.mark.parametrize(("over", "code", "key"), [
    ({"backend_url": "ftp://x"}, "backend_url_invalid", "backend_url"),
    ({"backend_url": "http://credit.example.org"}, "backend_url_plain_http", "backend_url"),
    ({"token": ""}, "missing", "token"),
    ({"token": "a b"}, "token_invalid", "token"),
    ({"admin_pin_hash": "123456"}, "pin_hash_invalid", "admin_pin_hash"),
    ({"orientation": "sideways"}, "orientation_invalid", "orientation"),
    ({"language": "fr"}, "language_invalid", "language"),
    ({"printer": "escpos:host"}, "printer_invalid", "printer"),
    ({"printer": "laser"}, "printer_invalid", "printer"),
    ({"fullscreen": "yes"}, "wrong_type", "fullscreen"),
    ({"colour": "blue"}, "unknown_key", "colour"),
    ({"client_cert": "/nope.pem"}, "client_cert_needs_key", "client_cert"),
    ({"ca_bundle": "/nonexistent/ca.pem"}, "file_missing", "ca_bundle"),
])
def test_bad_answers_get_a_code_and_the_key(over, code, key) -> None:
    with pytest.raises(kconfig.ConfigError) as err:
        kconfig.validate(good(**over))
    assert (err.value.code, err.value.key) == (code, key)
    assert "tok-123" not in str(err.value)


def test_broken_toml_is_a_code_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("backend_url = \n")
    with pytest.raises(kconfig.ConfigError) as err:
        kconfig.load_config_file(path)
    assert err.value.code == "toml_syntax"


def test_an_atomic_write_that_fails_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    path = kconfig.write_config(kconfig.validate(good()), tmp_path / "kiosk.toml")
    before = path.read_text()

    def broken_replace(src, dst):  # the power goes before the rename
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        kconfig.write_config(kconfig.validate(good(token="other")), path)
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["kiosk.toml"]  # no temp file left


def test_a_rollout_file_with_a_plain_pin_is_installed_hashed(tmp_path: Path) -> None:
    source = tmp_path / "site.toml"
    source.write_text('backend_url = "https://credit.example.org"\ntoken = "t1"\n'
                      'admin_pin = "135791"\nprinter = "none"\nreader = "ACS ACR39U *"\n')
    dest = kconfig.install_from_file(source, tmp_path / "installed" / "kiosk.toml")
    text = dest.read_text()
    assert "135791" not in text
    cfg = kconfig.load_config_file(dest)
    assert verify_pin("135791", cfg.admin_pin_hash)
    assert not verify_pin("135790", cfg.admin_pin_hash)


def test_a_bad_rollout_file_installs_nothing(tmp_path: Path) -> None:
    source = tmp_path / "site.toml"
    source.write_text('backend_url = "https://credit.example.org"\ntoken = "t1"\n'
                      'admin_pin = "1234"\nreader = "ACS ACR39U *"\n')
    dest = tmp_path / "installed" / "kiosk.toml"
    with pytest.raises(kconfig.ConfigError) as err:
        kconfig.install_from_file(source, dest)
    assert err.value.code == "pin_format"
    assert not dest.exists()


def test_setup_cli_from_file_and_check(tmp_path: Path, monkeypatch, capsys) -> None:
    from kiosk.cli import main

    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "conf" / "kiosk.toml"))
    source = tmp_path / "site.toml"
    source.write_text('backend_url = "https://credit.example.org"\ntoken = "t1"\n'
                      'admin_pin = "135790"\n')
    assert main(["setup", "--check", str(source)]) == 2  # no reader pin
    assert "reader_not_pinned (reader)" in capsys.readouterr().err
    with source.open("a") as more:
        more.write('reader = "Virtual PCD *"\n')
    assert main(["setup", "--from-file", str(source)]) == 2
    assert "reader_pin_virtual (reader)" in capsys.readouterr().err
    source.write_text('backend_url = "https://credit.example.org"\ntoken = "t1"\n'
                      'admin_pin = "135790"\nreader = "ACS ACR39U *"\n')
    assert main(["setup", "--check", str(source)]) == 0
    assert main(["setup", "--from-file", str(source)]) == 0
    assert (tmp_path / "conf" / "kiosk.toml").exists()
    source.write_text('backend_url = "https://credit.example.org"\nadmin_pin = "135790"\n')
    assert main(["setup", "--check", str(source)]) == 2
    assert "missing (token)" in capsys.readouterr().err


def test_kiosk_app_reads_the_installed_file(tmp_path: Path) -> None:
    from kiosk.app import read_start

    path = kconfig.write_config(kconfig.validate(good()), tmp_path / "kiosk.toml")
    start = read_start([], {"KIOSK_CONFIG": str(path)})
    assert start.config == kconfig.load_config_file(path)  # one KioskConfig, one validator
    assert not start.demo and start.problem is None
    assert start.config.backend_url == "https://credit.example.org"
    assert start.config.orientation == "landscape" and start.config.language == "en"
    assert tomllib.loads(path.read_text())["printer"] == "escpos:10.0.0.9:9100"


def test_fullscreen_is_the_default_of_an_installed_kiosk() -> None:
    values = good()
    del values["fullscreen"]
    assert kconfig.validate(values).fullscreen
    assert kconfig.KioskConfig().fullscreen


def test_only_a_demo_start_does_without_the_installed_file(tmp_path: Path) -> None:
    absent = tmp_path / "absent.toml"
    config = kconfig.start_config(absent, {}, {}, demo=True)
    assert config.embedded and not config.fullscreen
    config = kconfig.start_config(
        absent, {"KIOSK_BACKEND_URL": "http://127.0.0.1:8000", "KIOSK_BACKEND_TOKEN": "t"},
        {"fullscreen": True}, demo=True)
    assert config.backend_url == "http://127.0.0.1:8000" and config.fullscreen
    # Not a demo: no file is no configuration, whatever the environment says.
    for env in ({}, {"KIOSK_BACKEND_URL": "https://credit.example.org",
                     "KIOSK_BACKEND_TOKEN": "t"}):
        with pytest.raises(kconfig.ConfigError) as err:
            kconfig.start_config(absent, env, {})
        assert (err.value.code, err.value.key) == ("no_config", str(absent))
    with pytest.raises(kconfig.ConfigError) as err:
        kconfig.validate({"backend_url": "https://credit.example.org", "token": "t"})
    assert (err.value.code, err.value.key) == ("missing", "admin_pin_hash")


def test_only_the_packaged_kiosk_without_configuration_needs_setup(tmp_path: Path) -> None:
    env = {"KIOSK_CONFIG": str(tmp_path / "kiosk.toml")}
    assert kconfig.needs_setup(env, frozen=True)
    assert not kconfig.needs_setup(env, frozen=False)
    assert not kconfig.needs_setup({**env, "KIOSK_BACKEND_URL": "http://127.0.0.1:1"}, True)
    kconfig.write_config(kconfig.validate(good()), tmp_path / "kiosk.toml")
    assert not kconfig.needs_setup(env, frozen=True)
