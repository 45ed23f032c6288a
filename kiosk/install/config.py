"""The kiosk's one configuration, ``KioskConfig``: a TOML file, the environment and the
command line, validated by one function, written atomically.

Where the file is: ``$KIOSK_CONFIG`` if set, else ``<platform user config dir>/kiosk/kiosk.toml``
(platformdirs: ``~/.config/kiosk/kiosk.toml`` on Linux, ``%LOCALAPPDATA%\\kiosk\\kiosk.toml``
on Windows). The first-run setup writes it; for a mass roll-out IT writes one file per site
and installs it with ``kiosk setup --from-file FILE`` (same validation; a plain ``admin_pin``
in that file is hashed on the way in and never stored). The format (docs/deploy-linux.md has
an example)::

    backend_url = "https://credit.hospital.example"   # required, https (http: loopback only)
    token = "..."                                     # required, this kiosk's token
    ca_bundle = "/etc/kiosk/ca.pem"                   # optional PEM file
    client_cert = "/etc/kiosk/kiosk.pem"              # optional, with client_key
    client_key = "/etc/kiosk/kiosk.key"
    reader = "ACS ACR39U ICC Reader *"                # the reader pin (name pattern, * = any)
    scanner = "serial:/dev/ttyACM0"                   # the QR scanner: none | serial:PORT[@BAUD]
                                                      # | keyboard:DEVICE | keyboard:window
                                                      # | camera:DEVICE (kiosk.app.scanning)
    printer = "none"                                  # none | qt:NAME | escpos:HOST:PORT
    orientation = "portrait"                          # portrait | landscape
    language = "zh_CN"                                # zh_CN | en
    fullscreen = true                                 # the default
    admin_pin_hash = "scrypt$16384$8$1$<salt>$<hash>" # or admin_pin = "123456" in a roll-out file
    data_dir = "/var/lib/kiosk"                       # optional
    screen_bottom_mm = 700.0                          # optional: lowest screen row above the floor
    pixel_mm = 0.2745                                 # optional: pixel pitch (reach mode's band)

``validate(mapping)`` returns a ``KioskConfig`` or raises ``ConfigError`` with a
machine-readable ``code`` and the ``key`` at fault (never the value: it may be a token).
``installed=True`` (the default: a file, the setup's answers) requires the backend, the token
and the PIN hash; ``installed=False`` is the demo start (``kiosk app --demo``), where no
backend means the embedded demo backend.

``start_config(file, env, overrides, demo=...)`` is what ``kiosk app`` runs on: the installed
file, then ``KIOSK_BACKEND_URL``, ``KIOSK_BACKEND_TOKEN``, ``KIOSK_BACKEND_CA`` and
``KIOSK_DATA_DIR``, then the command line, all through ``validate``. Only an explicit demo
start may do without the installed file.

Full screen: ``fullscreen`` defaults to True - a ``KioskConfig`` describes an installed
kiosk, and an installed kiosk is full screen. The one exception is the demo start
(``tools/kiosk``): it runs windowed unless ``--fullscreen``.

``reader`` is the reader pin, a name pattern (``kiosk.install.readerpin``): an installed
kiosk takes cards from matching readers only; the setup writes one for the reader chosen.

``write_config`` writes through a temporary file in the same directory, fsyncs it, renames it
over the old one and fsyncs the directory, so a power cut leaves the old or the new file,
never half of one. The file is created mode 0600 (it holds the token).

Pure except ``load_config_file``/``write_config``/``install_from_file``/``start_config``
(file I/O); any thread.
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

from kiosk.install.pin import PinError, hash_pin, is_pin_hash
from kiosk.install.readerpin import pin_problem
from kiosk.printing.spec import PrinterSpecError, parse_printer

APP_NAME = "kiosk"
CONFIG_ENV = "KIOSK_CONFIG"
ORIENTATIONS = ("portrait", "landscape")
LANGUAGES = ("zh_CN", "en")
PORTRAIT = (1080, 1920)
LANDSCAPE = (1920, 1080)
# Environment variables a start reads over the installed file.
ENVIRONMENT = {"backend_url": "KIOSK_BACKEND_URL", "token": "KIOSK_BACKEND_TOKEN",
               "ca_bundle": "KIOSK_BACKEND_CA", "data_dir": "KIOSK_DATA_DIR"}


class ConfigError(ValueError):
    """A configuration that cannot be used: ``code`` says what, ``key`` says where."""

    def __init__(self, code: str, key: str = "") -> None:
        self.code = code
        self.key = key
        super().__init__(f"{code}: {key}" if key else code)


@dataclass(frozen=True)
class KioskConfig:
    """The one configuration of a kiosk (see the module docstring for each key)."""

    backend_url: str = ""  # "": no backend configured, the embedded demo backend
    token: str = field(default="", repr=False)
    admin_pin_hash: str = field(default="", repr=False)
    ca_bundle: str | None = None
    client_cert: str | None = None
    client_key: str | None = None
    reader: str = ""
    scanner: str = ""  # the QR scanner fitted ("" or "none": none; kiosk.app.scanning)
    printer: str = "none"
    orientation: str = "portrait"
    language: str = "zh_CN"
    fullscreen: bool = True
    data_dir: str | None = None
    # Reach mode (wheelchair): the screen's lowest row above the floor and the pixel pitch, in
    # millimetres; unset: reach mode uses the lower half of the screen.
    screen_bottom_mm: float | None = None
    pixel_mm: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @property
    def embedded(self) -> bool:
        """No backend configured: the start runs the embedded demo backend."""
        return not self.backend_url

    @property
    def size(self) -> tuple[int, int]:
        """The window's size when not full screen."""
        return LANDSCAPE if self.orientation == "landscape" else PORTRAIT

    @property
    def data_path(self) -> Path:
        """Where the journal and the diagnostics go."""
        return Path(self.data_dir) if self.data_dir else default_data_dir()

    @property
    def client_cert_pair(self) -> tuple[str, str] | None:
        if self.client_cert and self.client_key:
            return (self.client_cert, self.client_key)
        return None


_TYPES: dict[str, tuple[type, ...]] = {f.name: (str,) for f in fields(KioskConfig)}
_TYPES["fullscreen"] = (bool,)
_TYPES["screen_bottom_mm"] = _TYPES["pixel_mm"] = (int, float)
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


def check_printer_spec(spec: str) -> tuple[str, str, int]:
    """``kiosk.printing.spec.parse_printer``, failing with ``ConfigError``."""
    try:
        return parse_printer(spec)
    except PrinterSpecError as exc:
        raise ConfigError(exc.code, "printer") from exc


def check_token(token: str) -> str:
    if token != token.strip() or any(c in token for c in "\r\n\t ") or len(token) > 512:
        raise ConfigError("token_invalid", "token")
    return token


def check_backend_answers(url: str, token: str, ca_bundle: str = "", client_cert: str = "",
                          client_key: str = "", *, check_files: bool = True) -> str:
    """The backend part of a configuration, checked as ``validate`` checks it (the setup
    checks it before asking the backend). Returns the URL without a trailing slash."""
    url = check_backend_url(url)
    if not token:
        raise ConfigError("token_missing", "token")
    check_token(token)
    if bool(client_cert) != bool(client_key):
        raise ConfigError("client_cert_needs_key", "client_cert")
    for key, path in (("ca_bundle", ca_bundle), ("client_cert", client_cert),
                      ("client_key", client_key)):
        if path and check_files and not Path(path).is_file():
            raise ConfigError("file_missing", key)
    return url


def validate(data: Mapping[str, Any], *, check_files: bool = True,
             installed: bool = True) -> KioskConfig:
    """A checked ``KioskConfig`` from a mapping (a parsed file, the setup's answers, or a
    start's file, environment and command line with ``installed=False``)."""
    if not isinstance(data, Mapping):
        raise ConfigError("not_a_table")
    values = dict(data)
    for key, value in values.items():
        if key not in _TYPES:
            raise ConfigError("unknown_key", str(key)[:40])
        if not isinstance(value, _TYPES[key]):
            raise ConfigError("wrong_type", key)
    required = REQUIRED if installed else ("token",) if values.get("backend_url") else ()
    for key in required:
        if not values.get(key):
            raise ConfigError("missing", key)
    if values.get("backend_url"):
        values["backend_url"] = check_backend_url(values["backend_url"])
    check_token(values.get("token", ""))
    if (installed or values.get("admin_pin_hash")) and not is_pin_hash(values["admin_pin_hash"]):
        raise ConfigError("pin_hash_invalid", "admin_pin_hash")
    if values.get("orientation", "portrait") not in ORIENTATIONS:
        raise ConfigError("orientation_invalid", "orientation")
    if values.get("language", "zh_CN") not in LANGUAGES:
        raise ConfigError("language_invalid", "language")
    for key, most in (("screen_bottom_mm", 2500.0), ("pixel_mm", 5.0)):
        if key in values and (isinstance(values[key], bool)
                              or not 0 < float(values[key]) <= most):
            raise ConfigError("reach_invalid", key)
        if key in values:
            values[key] = float(values[key])
    check_printer_spec(values.get("printer", "none"))
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
    if isinstance(value, int | float):
        return repr(value)
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


def check_rollout(data: Mapping[str, Any]) -> KioskConfig:
    """A roll-out file's table as an installed kiosk's configuration: ``validate`` and a
    reader pin that can pin (``kiosk.install.readerpin.pin_problem``)."""
    config = validate(rollout_mapping(data))
    problem = pin_problem(config.reader)
    if problem:
        raise ConfigError(problem, "reader")
    return config


def install_from_file(source: Path, dest: Path | None = None) -> Path:
    """Validate a roll-out file (``check_rollout``) and install it as this kiosk's
    configuration."""
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError("no_config", str(source)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError("unreadable", str(source)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("toml_syntax", str(source)) from exc
    return write_config(check_rollout(data), dest)


def start_config(path: Path, env: Mapping[str, str], overrides: Mapping[str, Any], *,
                 demo: bool = False) -> KioskConfig:
    """What ``kiosk app`` runs on: the installed file, then the environment
    (``ENVIRONMENT``), then ``overrides`` (the command line), through ``validate``.

    Demo mode is asked for (``kiosk app --demo``), never inferred: without ``demo`` the file
    must exist (``ConfigError('no_config')``) and the result is an installed kiosk's
    configuration (backend, token and PIN hash required); with ``demo`` the file is optional,
    no backend means the embedded demo backend, and the window is windowed unless the
    overrides say ``fullscreen``. Certificate files are not checked here: the kiosk's safety
    checks (``kiosk.install.health.safety_checks``) name a missing one on the out-of-service
    screen. Raises ``ConfigError``."""
    values: dict[str, Any] = {}
    if path.exists():
        values.update(load_config_file(path, check_files=False).as_dict())
    elif not demo:
        raise ConfigError("no_config", str(path))
    for key, name in ENVIRONMENT.items():
        if env.get(name):
            values[key] = env[name]
    values.update(overrides)
    if demo:
        values.setdefault("fullscreen", False)
    return validate(values, check_files=False, installed=not demo)
