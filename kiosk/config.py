"""The kiosk's installed configuration: one TOML file, validated, written atomically.

Where: ``$KIOSK_CONFIG`` if set, else ``<platform user config dir>/kiosk/kiosk.toml``
(platformdirs: ``~/.config/kiosk/kiosk.toml`` on Linux, ``%LOCALAPPDATA%\\kiosk\\kiosk.toml``
on Windows) - the same file ``kiosk.app`` reads. The first-run setup writes it; for a mass
roll-out IT writes one file per site and installs it with ``kiosk setup --from-file FILE``
(same validation; a plain ``admin_pin`` in that file is hashed on the way in and never
stored). The format (docs/deploy-linux.md has an example)::

    backend_url = "https://credit.hospital.example"   # required, https (http: loopback only)
    token = "..."                                     # required, this kiosk's token
    ca_bundle = "/etc/kiosk/ca.pem"                   # optional PEM file
    client_cert = "/etc/kiosk/kiosk.pem"              # optional, with client_key
    client_key = "/etc/kiosk/kiosk.key"
    reader = "ACS ACR39U ICC Reader 00 00"            # optional: "" = any reader
    printer = "none"                                  # none | qt:NAME | escpos:HOST:PORT
    orientation = "portrait"                          # portrait | landscape
    language = "zh_CN"                                # zh_CN | en
    fullscreen = true
    admin_pin_hash = "scrypt$16384$8$1$<salt>$<hash>" # or admin_pin = "123456" in a roll-out file
    data_dir = "/var/lib/kiosk"                       # optional

``validate(mapping)`` returns a ``KioskConfig`` or raises ``ConfigError`` with a
machine-readable ``code`` and the ``key`` at fault (never the value: it may be a token).
``write_config`` writes through a temporary file in the same directory, fsyncs it, renames it
over the old one and fsyncs the directory, so a power cut leaves the old or the new file,
never half of one. The file is created mode 0600 (it holds the token).

Pure except ``load_config_file``/``write_config``/``install_from_file``; any thread.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from kiosk.admin.pin import PinError, hash_pin, is_pin_hash

APP_NAME = "kiosk"
CONFIG_ENV = "KIOSK_CONFIG"
ORIENTATIONS = ("portrait", "landscape")
LANGUAGES = ("zh_CN", "en")
# Keys kiosk.app does not use itself (it ignores them when it reads the file).
INSTALLER_KEYS = frozenset({"reader", "printer", "admin_pin_hash"})


class ConfigError(ValueError):
    """A configuration that cannot be used: ``code`` says what, ``key`` says where."""

    def __init__(self, code: str, key: str = "") -> None:
        self.code = code
        self.key = key
        super().__init__(f"{code}: {key}" if key else code)


@dataclass(frozen=True)
class KioskConfig:
    backend_url: str
    token: str = field(repr=False)
    admin_pin_hash: str = field(repr=False)
    ca_bundle: str | None = None
    client_cert: str | None = None
    client_key: str | None = None
    reader: str = ""
    printer: str = "none"
    orientation: str = "portrait"
    language: str = "zh_CN"
    fullscreen: bool = True
    data_dir: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


_TYPES: dict[str, tuple[type, ...]] = {f.name: (str,) for f in fields(KioskConfig)}
_TYPES["fullscreen"] = (bool,)
REQUIRED = ("backend_url", "token", "admin_pin_hash")


def config_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV])
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "kiosk.toml"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def needs_setup(env: Mapping[str, str] | None = None, frozen: bool | None = None) -> bool:
    """The packaged kiosk with no configuration file (and no backend in the environment)
    starts the first-run setup; a source checkout keeps its embedded demo defaults."""
    env = os.environ if env is None else env
    frozen = is_frozen() if frozen is None else frozen
    return frozen and not env.get("KIOSK_BACKEND_URL") and not config_path(env).exists()


def check_backend_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError("backend_url_invalid", "backend_url")
    if parts.query or parts.fragment or parts.username:
        raise ConfigError("backend_url_invalid", "backend_url")
    if parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ConfigError("backend_url_plain_http", "backend_url")
    return url.rstrip("/")


def parse_printer(spec: str) -> tuple[str, str, int]:
    """``none`` -> ("none", "", 0); ``qt:NAME`` -> ("qt", NAME, 0);
    ``escpos:HOST:PORT`` -> ("escpos", HOST, PORT); ``pdf:PATH`` -> ("pdf", PATH, 0)."""
    if spec == "none":
        return ("none", "", 0)
    kind, _, rest = spec.partition(":")
    if kind in ("qt", "pdf") and rest:
        return (kind, rest, 0)
    if kind == "escpos":
        host, _, port = rest.rpartition(":")
        if host and port.isdigit() and 0 < int(port) < 65536:
            return ("escpos", host, int(port))
    raise ConfigError("printer_invalid", "printer")


def validate(data: Mapping[str, Any], *, check_files: bool = True) -> KioskConfig:
    """A checked ``KioskConfig`` from a mapping (a parsed file or the setup's answers)."""
    if not isinstance(data, Mapping):
        raise ConfigError("not_a_table")
    values = dict(data)
    for key, value in values.items():
        if key not in _TYPES:
            raise ConfigError("unknown_key", str(key)[:40])
        if not isinstance(value, _TYPES[key]):
            raise ConfigError("wrong_type", key)
    for key in REQUIRED:
        if not values.get(key):
            raise ConfigError("missing", key)
    values["backend_url"] = check_backend_url(values["backend_url"])
    token = values["token"]
    if token != token.strip() or any(c in token for c in "\r\n\t ") or len(token) > 512:
        raise ConfigError("token_invalid", "token")
    if not is_pin_hash(values["admin_pin_hash"]):
        raise ConfigError("pin_hash_invalid", "admin_pin_hash")
    if values.get("orientation", "portrait") not in ORIENTATIONS:
        raise ConfigError("orientation_invalid", "orientation")
    if values.get("language", "zh_CN") not in LANGUAGES:
        raise ConfigError("language_invalid", "language")
    parse_printer(values.get("printer", "none"))
    if bool(values.get("client_cert")) != bool(values.get("client_key")):
        raise ConfigError("client_cert_needs_key", "client_cert")
    for key in ("ca_bundle", "client_cert", "client_key"):
        if not values.get(key):
            values.pop(key, None)
            continue
        if check_files and not Path(values[key]).is_file():
            raise ConfigError("file_missing", key)
    if "data_dir" in values and not values["data_dir"]:
        values.pop("data_dir")
    return KioskConfig(**values)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c >= " " and c != "\x7f" else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def dumps(config: KioskConfig) -> str:
    lines = ["# Kiosk configuration, written by `kiosk setup`. See docs/deploy-linux.md."]
    lines += [f"{key} = {_toml_value(value)}" for key, value in config.as_dict().items()]
    return "\n".join(lines) + "\n"


def loads(text: str, *, check_files: bool = True) -> KioskConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("toml_syntax") from exc
    return validate(data, check_files=check_files)


def load_config_file(path: Path | None = None, *, check_files: bool = True) -> KioskConfig:
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError("no_config", str(path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError("unreadable", str(path)) from exc
    return loads(text, check_files=check_files)


def write_atomic(path: Path, text: str, mode: int = 0o600) -> None:
    """Replace ``path`` with ``text`` all at once (temp file, fsync, rename, fsync dir)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_config(config: KioskConfig, path: Path | None = None) -> Path:
    path = path or config_path()
    text = dumps(config)
    loads(text, check_files=False)  # what we write must read back as the same thing
    write_atomic(path, text)
    return path


def rollout_mapping(data: Mapping[str, Any]) -> dict[str, Any]:
    """A roll-out file's table with a plain ``admin_pin`` replaced by its hash."""
    values = dict(data)
    if "admin_pin" in values:
        pin = values.pop("admin_pin")
        if not isinstance(pin, str):
            raise ConfigError("wrong_type", "admin_pin")
        if values.get("admin_pin_hash"):
            raise ConfigError("pin_twice", "admin_pin")
        try:
            values["admin_pin_hash"] = hash_pin(pin)
        except PinError as exc:
            raise ConfigError("pin_format", "admin_pin") from exc
    return values


def install_from_file(source: Path, dest: Path | None = None) -> Path:
    """Validate a roll-out file and install it as this kiosk's configuration."""
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError("no_config", str(source)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError("unreadable", str(source)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("toml_syntax", str(source)) from exc
    return write_config(validate(rollout_mapping(data)), dest)
