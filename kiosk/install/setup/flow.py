"""The setup's step model: which steps there are, which follows which given the answers so
far, what each step accepts, and what the finished setup writes. No Qt.

After Electrum's ``electrum/wizard.py``: ``SetupFlow.navmap`` maps each step's name to a
``Step`` whose ``next`` is a step name or a function of the answers, and whose ``check``
returns the step's problem (a ``StepProblem(code, key)``) or None. The Qt wizard
(``kiosk.install.setup.wizard``) attaches one page to each step by name, records what the
installer typed or chose with ``answer(...)`` and what a live check found with
``check_passed(...)``/``answer(readers_seen=...)``, and moves with ``next()``/``back()``;
``tests/setup/test_setup_flow.py`` drives whole setups without a widget.

The steps::

    backend -> reader -> printer -> [printer_address] -> display -> pin -> (written)

- ``backend``: URL, token, optional CA and client certificate; passes once a live test
  (``kiosk.install.health.check_backend``) passed with exactly these answers. A token
  belongs to the backend it was installed or tested with: changing the URL away from that
  backend clears the token (``answer``), so a kiosk's token never goes to another host - it
  must be entered again;
- ``reader``: one of the readers seen now, never a virtual one; at least one must be seen.
  The configuration gets the reader pin for it (``kiosk.install.readerpin.pattern_for``:
  the same model in any slot); running the setup again keeps an installed pin that still
  matches a reader seen;
- ``printer``: ``none``, ``qt:NAME`` (one Qt sees) or ``escpos``; only ``escpos`` leads to
- ``printer_address``: ``host:port``, passes once a connection test passed with it;
- ``display``: orientation and language, and for reach mode (wheelchair) the height of the
  screen's lowest row above the floor and the pixel pitch, in millimetres: both or neither
  (typed; empty: reach mode uses the lower half of the screen; ``reach_value``);
- ``pin``: the admin PIN twice (6-12 digits). When the setup runs again on an installed kiosk
  (``existing``), both left empty keep the current PIN.

``config()`` is the ``KioskConfig`` the finished setup writes (``kiosk.install.config.validate``;
the PIN only as its scrypt hash), ``fullscreen`` always on; an existing configuration's
``data_dir`` and QR ``scanner`` (no step of its own: set in the file, ``docs/deploy-linux.md``)
are kept.

Pure (``config()`` hashes the PIN and checks that the certificate files exist); one thread
at a time (the GUI thread).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.install import config as kconfig
from kiosk.install.pin import PinError, check_pin_format, hash_pin
from kiosk.install.readerpin import is_virtual, matches, pattern_for, pin_problem

STEPS = ("backend", "reader", "printer", "display", "pin")  # the steps of every setup
PRINTER_ADDRESS = "printer_address"  # only for a network (ESC/POS) printer
ESCPOS = "escpos"
BACKEND_KEYS = ("backend_url", "token", "ca_bundle", "client_cert", "client_key")
REACH_KEYS = {"screen_bottom_mm": 2500.0, "pixel_mm": 5.0}  # the most each may be


@dataclass(frozen=True, slots=True)
class StepProblem:
    """Why a step cannot be left forwards: a machine-readable ``code`` (the page words it)
    and the ``key`` of the answer at fault."""

    code: str
    key: str = ""


class StepInvalid(ValueError):
    def __init__(self, problem: StepProblem) -> None:
        self.problem = problem
        super().__init__(f"{problem.code} ({problem.key})" if problem.key else problem.code)


Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Step:
    """One step: ``next`` (a step name, a function of the answers, or None for the last),
    ``check`` (the answers' problem or None) and ``typed``: whether "Next" is offered before
    the answers pass (typed answers are judged when the installer presses it) or only after
    (a choice or a live test that must pass first)."""

    next: str | Callable[[Answers], str] | None
    check: Callable[[Answers], StepProblem | None]
    typed: bool = False


def host(url: str) -> str:
    """A backend URL as the token's owner is compared: without spaces or a trailing slash."""
    return url.strip().rstrip("/")


def printer_spec(data: Answers) -> str:
    choice = str(data.get("printer", "none"))
    if choice == ESCPOS:
        return f"{ESCPOS}:{str(data.get('printer_address', '')).strip()}"
    return choice


def backend_answers(data: Answers) -> dict[str, str]:
    return {key: str(data.get(key, "")).strip() for key in BACKEND_KEYS}


def _passed(data: Answers, check: str, answers: Any) -> bool:
    return bool(data.get("_passed", {}).get(check) == answers)


def check_backend(data: Answers) -> StepProblem | None:
    answers = backend_answers(data)
    try:
        kconfig.check_backend_answers(answers["backend_url"], answers["token"],
                                      answers["ca_bundle"], answers["client_cert"],
                                      answers["client_key"], check_files=False)
    except kconfig.ConfigError as exc:
        return StepProblem(exc.code, exc.key)
    if not _passed(data, "backend", answers):
        return StepProblem("not_tested", "backend_url")
    return None


def check_reader(data: Answers) -> StepProblem | None:
    seen = data.get("readers_seen")
    if seen is None:
        return StepProblem("no_pcsc_service", "reader")
    if not seen:
        return StepProblem("no_reader", "reader")
    reader = data.get("reader")
    if not reader:
        return StepProblem("reader_not_chosen", "reader")
    if is_virtual(reader) or pin_problem(reader):
        return StepProblem("reader_pin_virtual" if is_virtual(reader) else "reader_not_pinned",
                           "reader")
    if not any(matches(reader, name) for name in seen):
        return StepProblem("reader_missing", "reader")
    return None


def check_printer(data: Answers) -> StepProblem | None:
    choice = str(data.get("printer", ""))
    if choice in ("none", ESCPOS):
        return None
    kind, _, name = choice.partition(":")
    if kind != "qt" or not name:
        return StepProblem("printer_invalid", "printer")
    seen = data.get("printers_seen")
    if seen is not None and name not in seen:
        return StepProblem("printer_missing", "printer")
    return None


def check_printer_address(data: Answers) -> StepProblem | None:
    spec = printer_spec(data)
    try:
        kconfig.check_printer_spec(spec)
    except kconfig.ConfigError:
        return StepProblem("printer_invalid", "printer_address")
    if not _passed(data, PRINTER_ADDRESS, spec):
        return StepProblem("not_tested", "printer_address")
    return None


def check_display(data: Answers) -> StepProblem | None:
    if data.get("orientation") not in kconfig.ORIENTATIONS:
        return StepProblem("orientation_invalid", "orientation")
    if data.get("language") not in kconfig.LANGUAGES:
        return StepProblem("language_invalid", "language")
    return check_reach(data)


def reach_value(text: Any) -> float | None:
    """A reach answer as typed ("700", "0.2745", "0,2745", empty) in millimetres; None when
    empty; raises ValueError when it is no positive number."""
    typed = str(text or "").strip().replace(",", ".")
    if not typed:
        return None
    value = float(typed)
    if not value > 0 or value == float("inf"):
        raise ValueError(typed)
    return value


def check_reach(data: Answers) -> StepProblem | None:
    """The two reach answers: numbers within bounds, given both or neither."""
    given = []
    for key, most in REACH_KEYS.items():
        try:
            value = reach_value(data.get(key))
        except ValueError:
            return StepProblem("reach_invalid", key)
        if value is not None and value > most:
            return StepProblem("reach_invalid", key)
        given.append(value is not None)
    if any(given) and not all(given):
        return StepProblem("reach_needs_both", "pixel_mm" if given[0] else "screen_bottom_mm")
    return None


def check_pin(data: Answers) -> StepProblem | None:
    pin, again = str(data.get("pin", "")), str(data.get("pin_again", ""))
    if not pin and not again and data.get("existing_pin_hash"):
        return None  # the setup ran again: keep the current PIN
    if pin != again:
        return StepProblem("pins_differ", "pin")
    try:
        check_pin_format(pin)
    except PinError as exc:
        return StepProblem(exc.code, "pin")
    return None


def reader_pin(reader: str) -> str:
    """The pin written for the reader chosen: a reader seen gets its model's pattern; an
    installed pattern (the setup ran again) stays as it is."""
    return reader if "*" in reader else pattern_for(reader)


def after_printer(data: Answers) -> str:
    return PRINTER_ADDRESS if data.get("printer") == ESCPOS else "display"


class SetupFlow:
    """The setup's state: the answers so far, the current step and the way back."""

    def __init__(self, existing: kconfig.KioskConfig | None = None) -> None:
        self.navmap: dict[str, Step] = {
            "backend": Step("reader", check_backend),
            "reader": Step("printer", check_reader),
            "printer": Step(after_printer, check_printer),
            PRINTER_ADDRESS: Step("display", check_printer_address),
            "display": Step("pin", check_display, typed=True),
            "pin": Step(None, check_pin, typed=True),
        }
        self.data: dict[str, Any] = {"printer": "none", "orientation": "portrait",
                                     "language": "zh_CN", "_passed": {}}
        self.token_host: str | None = None  # the backend the token belongs to
        if existing is not None:
            self._prefill(existing)
        self.current = "backend"
        self._stack: list[str] = []
        self.done = False

    def _prefill(self, cfg: kconfig.KioskConfig) -> None:
        kind, where, port = kconfig.check_printer_spec(cfg.printer)
        self.data.update(
            backend_url=cfg.backend_url, token=cfg.token, ca_bundle=cfg.ca_bundle or "",
            client_cert=cfg.client_cert or "", client_key=cfg.client_key or "",
            reader=cfg.reader, orientation=cfg.orientation, language=cfg.language,
            printer=ESCPOS if kind == ESCPOS else cfg.printer,
            printer_address=f"{where}:{port}" if kind == ESCPOS else "",
            existing_pin_hash=cfg.admin_pin_hash, data_dir=cfg.data_dir or "",
            scanner=cfg.scanner,
            **{key: "" if getattr(cfg, key) is None else f"{getattr(cfg, key):g}"
               for key in REACH_KEYS})
        self.token_host = host(cfg.backend_url)

    # -- answers ------------------------------------------------------------------------------

    def answer(self, **values: Any) -> None:
        """Record answers (any step's). A live check passed earlier still counts only while
        the answers it was made with stay the same."""
        unknown = set(values) - {*BACKEND_KEYS, "reader", "readers_seen", "printer",
                                 "printers_seen", "printer_address", "orientation",
                                 "language", "pin", "pin_again", *REACH_KEYS}
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))
        self.data.update(values)
        url = host(str(self.data.get("backend_url", "")))
        if self.token_host is not None and url != self.token_host:
            self.data["token"] = ""  # the token stays with its backend: enter it again
            self.token_host = None

    def backend_answers(self) -> dict[str, str]:
        """What the live backend test is asked with (``health.check_backend(**answers)``,
        after renaming ``backend_url`` to ``url``)."""
        return backend_answers(self.data)

    def printer_spec(self) -> str:
        return printer_spec(self.data)

    def check_passed(self, check: str, answers: Any) -> bool:
        """A live check (``backend`` with ``backend_answers()``, ``printer_address`` with
        ``printer_spec()``) passed with ``answers``. Counts only if they are still the current
        answers (the installer may have typed on while it ran); returns whether it counts."""
        current = self.backend_answers() if check == "backend" else self.printer_spec()
        if answers != current:
            return False
        self.data["_passed"][check] = answers
        if check == "backend":
            self.token_host = host(answers["backend_url"])
        return True

    # -- navigation ---------------------------------------------------------------------------

    def problem(self, step: str | None = None) -> StepProblem | None:
        return self.navmap[step or self.current].check(self.data)

    def offers_next(self) -> bool:
        """Whether the page's "Next" is enabled now."""
        return self.navmap[self.current].typed or self.problem() is None

    def next_step(self, step: str | None = None) -> str | None:
        follow = self.navmap[step or self.current].next
        return follow(self.data) if callable(follow) else follow

    def is_last(self, step: str | None = None) -> bool:
        return self.next_step(step) is None

    def path(self) -> tuple[str, ...]:
        """The steps this setup goes through, given the answers so far."""
        steps, step = [], "backend"
        while step is not None:
            steps.append(step)
            step = self.next_step(step)
        return tuple(steps)

    def position(self) -> tuple[int, int]:
        """(number of the current step, number of steps), counting from 1."""
        path = self.path()
        here = path.index(self.current) + 1 if self.current in path else len(path)
        return here, len(path)

    def next(self) -> str | None:
        """Leave the current step forwards. Returns the new step, or None when the last step
        was accepted (``done``: ``config()`` is ready to write). Raises ``StepInvalid``."""
        problem = self.problem()
        if problem is not None:
            raise StepInvalid(problem)
        follow = self.next_step()
        if follow is None:
            self.done = True
            return None
        self._stack.append(self.current)
        self.current = follow
        return follow

    def back(self) -> str:
        """Return to the step before (the answers stay as they are)."""
        self.done = False
        if self._stack:
            self.current = self._stack.pop()
        return self.current

    def can_go_back(self) -> bool:
        return bool(self._stack)

    # -- the result ---------------------------------------------------------------------------

    def config(self) -> kconfig.KioskConfig:
        """What the finished setup writes. Raises ``StepInvalid`` (the first step on the path
        whose answers do not pass, or the configuration's own code)."""
        for step in self.path():
            problem = self.problem(step)
            if problem is not None:
                raise StepInvalid(problem)
        data = self.data
        pin = str(data.get("pin", ""))
        values: dict[str, Any] = {
            **self.backend_answers(), "reader": reader_pin(str(data.get("reader", ""))),
            "printer": self.printer_spec(), "orientation": data["orientation"],
            "language": data["language"], "fullscreen": True,
            "admin_pin_hash": hash_pin(pin) if pin else data.get("existing_pin_hash", ""),
            "data_dir": data.get("data_dir", ""), "scanner": data.get("scanner", ""),
        }
        for key in REACH_KEYS:
            if (value := reach_value(data.get(key))) is not None:
                values[key] = value
        try:
            return kconfig.validate(values)
        except kconfig.ConfigError as exc:
            raise StepInvalid(StepProblem(exc.code, exc.key)) from exc
