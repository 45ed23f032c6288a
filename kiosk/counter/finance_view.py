"""The supervisors' finance window at the counter (issue 17 items 5 and 6): the money
movements whose outcome is unknown or stuck, each with "resolve" (the backend asks the payment
gateway and completes or reverses), and a day's reconciliation against the gateway's and the
insurer's lists with what disagrees.

``FinanceWindow`` is a window of its own, like the fleet view, opened by supervisors and
admins; it shows ``kiosk.counter.finance_desk.FinanceDesk``'s view and carries out its effects
on the counter's one background helper. ``state_text``, ``outcome_text``, ``finding_text`` and
``problem_text`` are the pure choices of words.

Threads: construct and call on the GUI thread; only the backend calls run on a pool thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.client import finance as fc
from kiosk.client.errors import FailureKind, classify
from kiosk.client.staff import StaffClient
from kiosk.counter import finance_desk as fd
from kiosk.domain.money import format_yuan
from kiosk.qt.background import Background

log = logging.getLogger("kiosk.counter")

STATES = {
    "charging": QT_TRANSLATE_NOOP(
        "FinanceWindow", "charge not finished"),
    "charge_unknown": QT_TRANSLATE_NOOP(
        "FinanceWindow", "charge outcome unknown"),
    "reversing": QT_TRANSLATE_NOOP(
        "FinanceWindow", "reversal: refund outcome unknown"),
    "refunding": QT_TRANSLATE_NOOP(
        "FinanceWindow", "partial refund: outcome unknown"),
}
OUTCOMES = {
    "charged": QT_TRANSLATE_NOOP(
        "FinanceWindow", "The gateway took the money: marked paid, the debt cancelled."),
    "paid_twice": QT_TRANSLATE_NOOP(
        "FinanceWindow", "Charged, and the debt was paid at the counter too: give that back."),
    "declined": QT_TRANSLATE_NOOP(
        "FinanceWindow", "The gateway declined the charge: the debt stands."),
    "not_charged": QT_TRANSLATE_NOOP(
        "FinanceWindow", "The gateway never took the money: the debt stands."),
    "reversed": QT_TRANSLATE_NOOP(
        "FinanceWindow", "Refunded and reversed."),
    "not_reversed": QT_TRANSLATE_NOOP(
        "FinanceWindow", "The gateway declined the refund: not reversed."),
    "refunded": QT_TRANSLATE_NOOP(
        "FinanceWindow", "Refunded."),
    "already_resolved": QT_TRANSLATE_NOOP(
        "FinanceWindow", "Already resolved."),
    "completed": QT_TRANSLATE_NOOP(
        "FinanceWindow", "The settlement is completed."),
    "other": QT_TRANSLATE_NOOP(
        "FinanceWindow", "Resolved."),
}
SIDES = {
    "gateway": QT_TRANSLATE_NOOP("FinanceWindow", "the payment gateway"),
    "insurer": QT_TRANSLATE_NOOP("FinanceWindow", "the insurer"),
}
FINDINGS = {
    "missing_here": QT_TRANSLATE_NOOP(
        "FinanceWindow", "at {side}, not recorded here"),
    "amount_mismatch": QT_TRANSLATE_NOOP(
        "FinanceWindow", "amounts differ from {side}"),
    "missing": QT_TRANSLATE_NOOP(
        "FinanceWindow", "recorded here, missing at {side}"),
    "unresolved": QT_TRANSLATE_NOOP(
        "FinanceWindow", "{finding} (its outcome is unknown: resolve it first)"),
}
AMOUNT_NAMES = {
    "amount_fen": QT_TRANSLATE_NOOP("FinanceWindow", "amount"),
    "fund_fen": QT_TRANSLATE_NOOP("FinanceWindow", "fund"),
    "account_fen": QT_TRANSLATE_NOOP("FinanceWindow", "personal account"),
}
PROBLEMS = {
    "settlement_in_progress": QT_TRANSLATE_NOOP(
        "FinanceWindow", "The payment gateway still does not answer: try again later."),
    "validation_error": QT_TRANSLATE_NOOP(
        "FinanceWindow", "Its outcome is already known: the list is read again."),
    "unreachable": QT_TRANSLATE_NOOP(
        "FinanceWindow", "The backend cannot be reached: try again shortly."),
    "other": QT_TRANSLATE_NOOP(
        "FinanceWindow", "That did not work: try again."),
}


def _t(text: str) -> str:
    return QCoreApplication.translate("FinanceWindow", text)


def state_text(state: str) -> str:
    return _t(STATES[state]) if state in STATES else state


def outcome_text(outcome: str) -> str:
    key = "completed" if outcome.startswith("completed_") else outcome
    return _t(OUTCOMES.get(key, OUTCOMES["other"]))


def finding_text(finding: fc.Finding) -> str:
    side = _t(SIDES.get(finding.side, SIDES["gateway"]))
    text = _t(FINDINGS.get(finding.kind, FINDINGS["missing"])).format(side=side)
    return _t(FINDINGS["unresolved"]).format(finding=text) if finding.unresolved else text


def amounts_text(amounts: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{_t(AMOUNT_NAMES[k]) if k in AMOUNT_NAMES else k} {format_yuan(v)}"
                     for k, v in amounts) or "—"


def problem_text(problem: fd.Failed) -> str:
    return _t(PROBLEMS.get(problem.code, PROBLEMS["other"]))


class FinanceWindow(QWidget):
    """The finance desk. ``refresh()`` reads the list; "resolve" and "reconcile" act."""

    ITEM_COLUMNS = 5
    FINDING_COLUMNS = 4

    def __init__(self, client_of: Callable[[], StaffClient | None], background: Background,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("financeWindow")
        self.resize(1000, 700)
        self._client_of = client_of
        self._background = background
        self.desk = fd.FinanceDesk()
        self.results = 0  # answers shown (tests wait on it)
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("financeRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.items = QTableWidget(0, self.ITEM_COLUMNS)
        self.items.setObjectName("unresolvedTable")
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.verticalHeader().hide()
        self.items.horizontalHeader().setStretchLastSection(True)
        self.items.itemSelectionChanged.connect(self._enable)
        self.resolve_button = QPushButton()
        self.resolve_button.setObjectName("resolveSelected")
        self.resolve_button.setProperty("role", "primary")
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.status = QLabel()
        self.status.setObjectName("financeStatus")
        self.status.setWordWrap(True)
        self.recon_title = QLabel()
        self.recon_title.setProperty("role", "title")
        self.day = QDateEdit()
        self.day.setObjectName("reconcileDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setDate(QDate.currentDate())
        self.reconcile_button = QPushButton()
        self.reconcile_button.setObjectName("reconcile")
        self.reconcile_button.clicked.connect(self.reconcile)
        self.recon_summary = QLabel()
        self.recon_summary.setObjectName("reconcileSummary")
        self.recon_summary.setWordWrap(True)
        self.findings = QTableWidget(0, self.FINDING_COLUMNS)
        self.findings.setObjectName("findingsTable")
        self.findings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.findings.verticalHeader().hide()
        self.findings.horizontalHeader().setStretchLastSection(True)

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.refresh_button)
        act = QHBoxLayout()
        act.addWidget(self.status, 1)
        act.addWidget(self.resolve_button)
        recon = QHBoxLayout()
        recon.addWidget(self.recon_title, 1)
        recon.addWidget(self.day)
        recon.addWidget(self.reconcile_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.items, 1)
        layout.addLayout(act)
        layout.addLayout(recon)
        layout.addWidget(self.recon_summary)
        layout.addWidget(self.findings, 1)
        self.translateUI()
        self._show()

    # --- intents -----------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self._dispatch(fd.Refresh())

    def resolve_selected(self) -> None:
        rows = self.items.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.desk.items):
            item = self.desk.items[rows[0].row()]
            self._dispatch(fd.ResolveItem(item.kind, item.item_id))

    def reconcile(self) -> None:
        self._dispatch(fd.RunReconcile(self.day.date().toPython()))

    def reconcile_day(self, day: date) -> None:
        self.day.setDate(QDate(day.year, day.month, day.day))
        self.reconcile()

    # --- the desk's effects -----------------------------------------------------------------
    def _dispatch(self, event: fd.Event) -> None:
        for effect in self.desk.handle(event):
            self._run(effect)
        self._show()

    def _run(self, effect: fd.Effect) -> None:
        client = self._client_of()
        if client is None:
            self._dispatch(fd.Failed(effect, "unauthenticated"))
            return

        def work() -> fd.Event:
            if isinstance(effect, fd.LoadUnresolved):
                return fd.Loaded(fc.unresolved(client))
            if isinstance(effect, fd.SendResolution):
                return fd.Resolved(fc.resolve(client, effect.kind, effect.item_id))
            return fd.Reconciled(fc.reconcile(client, effect.day))

        def failed(error: BaseException) -> None:
            failure = classify(error)
            log.info("finance %s failed: %s %s", type(effect).__name__, failure.kind,
                     failure.code)
            code = failure.code if failure.kind == FailureKind.REJECTED else (
                "unreachable" if failure.kind.backend_unavailable else str(failure.kind))
            self._done(fd.Failed(effect, code))

        self._background.run(work, self._done, failed)

    def _done(self, event: fd.Event) -> None:
        self.results += 1
        self._dispatch(event)

    # --- showing ------------------------------------------------------------------------------
    def _enable(self) -> None:
        view = self.desk.view()
        self.resolve_button.setEnabled(not view.busy and bool(
            self.items.selectionModel().selectedRows()))
        self.reconcile_button.setEnabled(not view.busy)
        self.refresh_button.setEnabled(not view.busy)

    def _show(self) -> None:
        view = self.desk.view()
        selected = self.items.selectionModel().selectedRows()
        keep = selected[0].row() if selected else None
        self.items.setRowCount(len(view.items))
        for i, item in enumerate(view.items):
            cells = (str(item.settlement_id), state_text(item.state),
                     format_yuan(item.amount_fen), item.since or "", item.gateway_reference)
            for j, text in enumerate(cells):
                self.items.setItem(i, j, QTableWidgetItem(text))
        if keep is not None and keep < len(view.items):
            self.items.selectRow(keep)
        result = view.reconciliation
        findings = result.findings if result else ()
        self.findings.setRowCount(len(findings))
        for i, f in enumerate(findings):
            for j, text in enumerate((f.key, finding_text(f), amounts_text(f.ours),
                                      amounts_text(f.theirs))):
                self.findings.setItem(i, j, QTableWidgetItem(text))
        self._texts()
        self._enable()

    def _texts(self) -> None:
        view = self.desk.view()
        if view.busy:
            text = self.tr("Working…")
        elif view.problem is not None:
            text = problem_text(view.problem)
        elif view.last_resolution is not None:
            text = outcome_text(view.last_resolution.outcome)
        elif not view.items:
            text = self.tr("Nothing is unresolved.")
        else:
            text = self.tr("Select one and press \"Ask the gateway and resolve\".")
        self.status.setText(text)
        result = view.reconciliation
        if result is None:
            self.recon_summary.setText(self.tr("Pick a day and reconcile it."))
        elif result.balanced:
            self.recon_summary.setText(self.tr(
                "{day}: {n} settlements; the gateway and the insurer agree.").format(
                day=result.start, n=result.settlements))
        else:
            self.recon_summary.setText(self.tr(
                "{day}: {n} settlements; {k} disagreements to look into.").format(
                day=result.start, n=result.settlements, k=len(result.findings)))

    def translateUI(self) -> None:
        self.setWindowTitle(self.tr("Finance"))
        self.title.setText(self.tr("Payments whose outcome is unknown"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.resolve_button.setText(self.tr("Ask the gateway and resolve"))
        self.recon_title.setText(self.tr("Reconciliation"))
        self.reconcile_button.setText(self.tr("Reconcile"))
        self.items.setHorizontalHeaderLabels(
            [self.tr("Settlement"), self.tr("What is unknown"), self.tr("Amount"),
             self.tr("Since (UTC)"), self.tr("Gateway reference")])
        self.findings.setHorizontalHeaderLabels(
            [self.tr("Reference"), self.tr("Finding"), self.tr("Here"), self.tr("There")])
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.translateUI()
        super().changeEvent(event)
