"""The configuration's ``printer`` string, parsed: ``none``, ``qt:NAME``, ``pdf:PATH`` or
``escpos:HOST:PORT``.

``parse_printer(spec)`` returns ``(kind, where, port)`` or raises ``PrinterSpecError`` (a
``ValueError`` with ``code = "printer_invalid"``). The installed configuration
(``kiosk.install.config``) validates its ``printer`` key with it; ``make_printer`` builds a
printer from it. Pure; any thread.
"""

from __future__ import annotations

PRINTER_KINDS = ("none", "qt", "pdf", "escpos")


class PrinterSpecError(ValueError):
    """A ``printer`` string that names no printer this kiosk can drive."""

    code = "printer_invalid"

    def __init__(self) -> None:
        super().__init__(self.code)


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
    raise PrinterSpecError()
