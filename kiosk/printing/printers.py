"""Printers behind one small interface: ``print_receipt(doc)``, or ``PrinterFault``.

- ``NoPrinter``: the kiosk has no printer (the receipt is on screen and behind the QR code).
- ``QtReceiptPrinter``: Qt's print support - ``QPrinter`` + ``QTextDocument`` - to a printer
  installed on the system (``qt:NAME``, CUPS on Linux, the spooler on Windows) or to a PDF
  file (``pdf:PATH``, for tests and for a kiosk without paper).
- ``EscPosReceiptPrinter``: ESC/POS to a network thermal printer (``escpos:HOST:PORT``) with
  python-escpos. It asks the printer for its paper sensor first (DLE EOT 4); a printer that
  does not answer the question is printed to anyway. Text goes as GB 18030, the code page of
  Chinese thermal printers. Tests hand it an ``escpos.printer.Dummy`` or a loopback socket.

``make_printer(spec)`` builds one from the configuration's ``printer`` string
(``kiosk.printing.spec.parse_printer``).
``available_qt_printers()`` lists what Qt sees (the setup's printer choice).

Every failure - connection refused, timeout, no paper, a Qt print error - comes out as
``PrinterFault(code)`` with ``code`` in ``offline``, ``no_paper``, ``failed``.

Threads: ``print_receipt`` blocks (network, spooler) and runs on a worker thread through
``kiosk.qt.background``; it touches no widget (QTextDocument/QPainter on a QPrinter and QImage
are safe off the GUI thread). ``available_qt_printers`` may run on any thread.
"""

from __future__ import annotations

import html
import logging
from typing import Any, Protocol

from kiosk.printing.receipt import ReceiptDocument, plain_lines
from kiosk.printing.spec import parse_printer

log = logging.getLogger(__name__)

FAULT_CODES = ("offline", "no_paper", "failed")


class PrinterFault(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        self.code = code if code in FAULT_CODES else "failed"
        self.detail = detail
        super().__init__(f"{self.code}: {detail}" if detail else self.code)


class ReceiptPrinter(Protocol):
    name: str

    def print_receipt(self, doc: ReceiptDocument) -> None: ...


class NoPrinter:
    name = "none"

    def print_receipt(self, doc: ReceiptDocument) -> None:
        return None


def receipt_html(doc: ReceiptDocument) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(label)}</td><td align='right'>{html.escape(value)}</td></tr>"
        for label, value in doc.rows)
    notes = "".join(f"<p>{html.escape(n)}</p>" for n in doc.notes)
    qr = ("<p align='center'><img src='qr://receipt' width='160' height='160'/><br/>"
          f"{html.escape(doc.qr_caption)}<br/>{html.escape(doc.reference_text)}</p>"
          if doc.reference else "")
    return (f"<h3 align='center'>{html.escape(doc.title)}</h3>"
            f"<p align='center'><b>{html.escape(doc.status)}</b></p>"
            f"<table width='100%'>{rows}</table>{notes}{qr}")


class QtReceiptPrinter:
    """Qt's print support to a system printer (``printer_name``) or a PDF (``pdf_path``)."""

    def __init__(self, printer_name: str | None = None, pdf_path: str | None = None) -> None:
        self.printer_name = printer_name
        self.pdf_path = pdf_path
        self.name = f"pdf:{pdf_path}" if pdf_path else f"qt:{printer_name}"

    def print_receipt(self, doc: ReceiptDocument) -> None:
        from PySide6.QtCore import QMarginsF, QSizeF, QUrl
        from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.pdf_path:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(self.pdf_path)
        else:
            info = QPrinterInfo.printerInfo(self.printer_name or "")
            if info.isNull():
                raise PrinterFault("offline", "printer not installed")
            if info.state() == QPrinter.PrinterState.Error:
                raise PrinterFault("failed", "printer reports an error")
            printer.setPrinterName(info.printerName())
        # An 80 mm receipt roll.
        printer.setPageSize(QPageSize(QSizeF(80, 160), QPageSize.Unit.Millimeter))
        printer.setPageMargins(QMarginsF(4, 4, 4, 4), QPageLayout.Unit.Millimeter)
        from kiosk.qt.qr import qr_image  # QImage + QPainter: safe off the GUI thread

        document = QTextDocument()
        if doc.reference:
            document.addResource(QTextDocument.ResourceType.ImageResource,
                                 QUrl("qr://receipt"), qr_image(doc.reference, scale=6))
        document.setHtml(receipt_html(doc))
        document.print_(printer)
        if printer.printerState() == QPrinter.PrinterState.Error:
            raise PrinterFault("failed", "print job failed")


PAPER_OK, PAPER_LOW, PAPER_OUT = 2, 1, 0


class EscPosReceiptPrinter:
    """ESC/POS to a network thermal printer, or to a given python-escpos printer object."""

    def __init__(self, host: str = "", port: int = 9100, timeout: float = 5.0,
                 device: Any = None, check_paper: bool = True) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self.device = device
        self.check_paper = check_paper
        self.name = f"escpos:{host}:{port}" if device is None else "escpos:device"

    def _open(self) -> Any:
        if self.device is not None:
            return self.device
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Network

        printer = Network(self.host, self.port, timeout=self.timeout)
        try:
            printer.open()
        except DeviceNotFoundError as exc:
            raise PrinterFault("offline", "cannot connect") from exc
        return printer

    def _paper(self, printer: Any) -> int:
        try:
            return int(printer.paper_status())
        except TimeoutError:
            return PAPER_OK  # a printer that does not answer status queries: just print
        except NotImplementedError:
            return PAPER_OK

    def print_receipt(self, doc: ReceiptDocument) -> None:
        printer = self._open()
        try:
            if self.check_paper and self._paper(printer) == PAPER_OUT:
                raise PrinterFault("no_paper")
            printer.hw("INIT")
            printer._raw(b"\x1c\x26")  # FS &: Chinese character mode
            printer.set(align="center", bold=True, double_height=True)
            printer._raw((doc.title + "\n").encode("gb18030"))
            printer.set(align="center", bold=False, normal_textsize=True)
            printer._raw((doc.status + "\n").encode("gb18030"))
            printer.set(align="left")
            for line in plain_lines(doc)[2:]:
                printer._raw((line + "\n").encode("gb18030"))
            if doc.reference:
                printer.set(align="center")
                printer.qr(doc.reference, size=6, native=True)
                printer._raw((doc.qr_caption + "\n" + doc.reference_text + "\n").encode("gb18030"))
            printer.cut()
        except PrinterFault:
            raise
        except (OSError, TimeoutError) as exc:
            raise PrinterFault("offline", type(exc).__name__) from exc
        except Exception as exc:
            raise PrinterFault("failed", type(exc).__name__) from exc
        finally:
            if self.device is None:
                try:
                    printer.close()
                except Exception:  # closing a dead socket must not hide the real fault
                    log.debug("printer close failed", exc_info=True)


def make_printer(spec: str) -> ReceiptPrinter:
    kind, where, port = parse_printer(spec)
    if kind == "qt":
        return QtReceiptPrinter(printer_name=where)
    if kind == "pdf":
        return QtReceiptPrinter(pdf_path=where)
    if kind == "escpos":
        return EscPosReceiptPrinter(where, port)
    return NoPrinter()


def available_qt_printers() -> list[str]:
    from PySide6.QtPrintSupport import QPrinterInfo

    return [str(name) for name in QPrinterInfo.availablePrinterNames()]
