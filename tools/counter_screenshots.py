"""Renders each counter screen in both languages (run through ``tools/counter-screenshots``).

Starts the reference backend on a free loopback port with a temporary SQLite file after
``seed-demo``, signs in as the demo supervisor and drives the real window to each screen:
sign-in, the patient view (the demo "not_eligible" patient with an overdue debt, a visit paid
at the counter and one open), the confirmation before that debt is marked paid, the link
form (a first-time patient, a drawn signature), the payment screen and the refund reason
screen. Then clinic mode (``counter-clinic-*``, the staff's clinic desk, and
``counter-customer-*``, the customer-facing window in the patient's language): the demo
"eligible" patient checked in, the bill the patient confirms, the receipt. No test doubles;
the data is the demo's. Under Xvfb there is no card reader: the clinic station's card read
returns the demo patient's card record (``kiosk.demo.fixtures.demo_card_record``), which is
what the virtual card holds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from kiosk.client.api import DepartmentClient, new_idempotency_key
from kiosk.client.staff import StaffClient, sign_in
from kiosk.client.transport import BackendConfig
from kiosk.counter import events as ev
from kiosk.counter.app import CounterStation, build_station
from kiosk.counter.clinic_rules import Action
from kiosk.counter.customer_window import CustomerWindow
from kiosk.counter.i18n import install_language
from kiosk.counter.window import CounterWindow
from kiosk.demo.backend import free_port
from kiosk.demo.fixtures import demo_card_record
from kiosk.domain.card import CardRecord, Gender
from kiosk.domain.demo import demo_patient
from kiosk.flow.events import State
from kiosk.qt.theme import load_fonts


def wait_until(condition, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("screen did not get ready")
        QCoreApplication.processEvents()
        time.sleep(0.02)


def settle(seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.02)


def draw(widget, points) -> None:  # type: ignore[no-untyped-def]
    def send(kind, x, y, buttons):  # type: ignore[no-untyped-def]
        pos = QPointF(x, y)
        QApplication.sendEvent(widget, QMouseEvent(kind, pos, widget.mapToGlobal(pos),
                                                   Qt.MouseButton.LeftButton, buttons,
                                                   Qt.KeyboardModifier.NoModifier))
    send(QMouseEvent.Type.MouseButtonPress, *points[0], Qt.MouseButton.LeftButton)
    for x, y in points[1:]:
        send(QMouseEvent.Type.MouseMove, x, y, Qt.MouseButton.LeftButton)
    send(QMouseEvent.Type.MouseButtonRelease, *points[-1], Qt.MouseButton.NoButton)


SIGNATURE = [(30, 110), (60, 60), (90, 120), (120, 50), (150, 115), (185, 70), (220, 105),
             (260, 80), (300, 95), (340, 75)]


def main(out_dir: str) -> int:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="counter-shots-"))
    db_url = f"sqlite:///{tmp / 'backend.sqlite3'}"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = [sys.executable, "-m", "kiosk", "server"]
    seed = subprocess.run([*server, "seed-demo", "--database-url", db_url], env=env,
                          capture_output=True, text=True, check=True)
    creds = json.loads(seed.stdout)
    port = free_port()
    proc = subprocess.Popen([*server, "run", "--database-url", db_url, "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(f"{base}/v1/health", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        return shoot(out, base, creds, tmp)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def prepare(base: str, creds: dict) -> None:  # type: ignore[type-arg]
    """A paid counter visit and an open one for the not-eligible patient; a first-time
    patient registered (not linked)."""
    config = BackendConfig(base_url=base)
    login = creds["staff"]["supervisor"]
    with StaffClient(config, sign_in(config, login["username"], login["password"])) as staff:
        pid = creds["patients"]["not_eligible"]["patient_id"]
        dept = DepartmentClient(BackendConfig(base_url=base,
                                              token=creds["department_tokens"]["INT"]))
        visit = staff.check_in_at_counter(pid, "INT")
        dept.post_charge(visit.visit_id, item_code="CONS-1", name="普通门诊诊查费",
                         category="consultation", insurance_class="A", unit_price_fen=1000)
        bill = staff.bill(visit.visit_id)
        staff.settle_at_counter(visit.visit_id, new_idempotency_key(),
                                bill.split.medfee_sumamt_fen, bill.split.psn_cash_pay_fen)
        visit = staff.check_in_at_counter(pid, "SUR")
        dept_sur = DepartmentClient(BackendConfig(base_url=base,
                                                  token=creds["department_tokens"]["SUR"]))
        # the visit's own department orders the blood test the laboratory performs
        dept_sur.post_charge(visit.visit_id, item_code="LAB-CBC", name="血常规", category="lab",
                             insurance_class="A", unit_price_fen=2500, his_order_id="ORD-1",
                             performing_department_code="LAB")
        dept_sur.post_charge(visit.visit_id, item_code="PROC-1", name="清创缝合术",
                             category="procedure", insurance_class="B", unit_price_fen=18000)
        dept_sur.post_charge(visit.visit_id, item_code="DRUG-7", name="头孢克肟胶囊",
                             category="drug", insurance_class="C", unit_price_fen=3650)
        first = demo_patient("first_time")
        staff.create_patient(CardRecord(
            ssn=first.ssn, name=first.name, gender=Gender(first.gender),
            birth_date=first.birth_date, card_number=first.card_number, region_code="990101",
            issue_date=first.issue_date, expiry_date=first.expiry_date, spec_version="3.00",
            card_type="1"), first.insurance_type)
        for client in (dept, dept_sur):
            client.close()


def shoot(out: Path, base: str, creds: dict, tmp: Path) -> int:  # type: ignore[type-arg]
    app = QApplication([sys.argv[0]])
    font = app.font()
    font.setFamily(load_fonts())
    app.setFont(font)
    prepare(base, creds)
    station = build_station(BackendConfig(base_url=base), tmp / "counter")
    controller = station.controller
    window = CounterWindow(controller)
    window.resize(1366, 768)
    window.show()
    login = creds["staff"]["supervisor"]
    patients = creds["patients"]
    written = []

    def grab(name: str, lang: str) -> None:
        settle()
        path = out / f"counter-{name}-{lang}.png"
        window.grab().save(str(path))
        written.append(path)

    for lang in ("zh_CN", "en"):
        install_language(app, lang)
        window.signin.reset("")
        window.signin.username.setText(login["username"])
        grab("signin", lang)
        controller.dispatch(ev.SignIn(login["username"], login["password"]))
        wait_until(lambda: window.current_screen() == "patient")
        controller.dispatch(ev.FindPatient(patients["not_eligible"]["ssn"]))
        wait_until(lambda: controller.patient is not None and not controller.busy)
        grab("patient", lang)
        screen = window.patient
        screen.debts_table.selectRow(0)
        screen.pay_debt_button.click()
        wait_until(lambda: window.current_screen() == "confirm_debt")
        grab("debt", lang)
        window.debt_confirm.cancel_button.click()
        wait_until(lambda: window.current_screen() == "patient")
        screen.visits_table.selectRow(0)
        screen.payment_button.click()
        wait_until(lambda: window.current_screen() == "payment" and not controller.busy)
        grab("payment", lang)
        window.payment.back_button.click()
        wait_until(lambda: window.current_screen() == "patient" and not controller.busy)
        screen.settlements_table.selectRow(0)
        screen.refund_button.click()
        window.reason.reason.setText("患者重复缴费" if lang == "zh_CN" else "paid twice")
        grab("reason", lang)
        window.reason.cancel_button.click()
        controller.dispatch(ev.SignOut())
        wait_until(lambda: window.current_screen() == "signin")
    for lang in ("zh_CN", "en"):  # the link form: a first-time patient
        install_language(app, lang)
        controller.dispatch(ev.SignIn(login["username"], login["password"]))
        wait_until(lambda: window.current_screen() == "patient")
        screen = window.patient
        controller.dispatch(ev.FindPatient(patients["first_time"]["ssn"]))
        wait_until(lambda: controller.patient is not None and not controller.busy
                   and controller.patient.patient.ssn == patients["first_time"]["ssn"])
        screen.link_button.click()
        link = window.link_screen
        link.consent_box.setChecked(True)
        link.identity_box.setChecked(True)
        link.reference.setText("6222****5678")
        settle()
        draw(link.signature, SIGNATURE)
        grab("link", lang)
        link.cancel_button.click()
        controller.dispatch(ev.SignOut())
        wait_until(lambda: window.current_screen() == "signin")
    station.close()
    window.close()
    written += shoot_clinic(app, out, base, creds, tmp)
    for path in written:
        print(path)
    return 0


def shoot_clinic(app: QApplication, out: Path, base: str, creds: dict,  # type: ignore[type-arg]
                 tmp: Path) -> list[Path]:
    """Clinic mode in both languages: the staff's clinic desk and the customer-facing window
    (the patient's language set to the staff's here), for the eligible demo patient."""
    station: CounterStation = build_station(
        BackendConfig(base_url=base), tmp / "clinic", clinic=True,
        read_card=lambda: demo_card_record("eligible"))
    clinic = station.clinic
    assert clinic is not None
    customer = CustomerWindow()
    customer.resize(1024, 768)
    customer.show()
    window = CounterWindow(station.controller, clinic=clinic, customer=customer)
    window.resize(1366, 768)
    window.show()
    desk = window.clinic
    login = creds["staff"]["clerk"]
    dept = DepartmentClient(BackendConfig(base_url=base, token=creds["department_tokens"]["INT"]))
    written: list[Path] = []

    def at(state: State) -> None:
        wait_until(lambda: clinic.view().state == state and not clinic.view().busy)

    def grab(name: str, lang: str) -> None:
        customer.set_language(lang)  # the patient's own choice; each patient starts in Chinese
        settle()
        for who, shown in (("clinic", window), ("customer", customer)):
            path = out / f"counter-{who}-{name}-{lang}.png"
            shown.grab().save(str(path))
            written.append(path)

    for n, lang in enumerate(("zh_CN", "en")):
        install_language(app, lang)
        station.controller.dispatch(ev.SignIn(login["username"], login["password"]))
        wait_until(lambda: window.current_screen() == "clinic")
        desk.buttons[Action.READ_CARD].click()
        at(State.CHECK_IN)
        codes = [d.code for d in clinic.view().departments if d.is_open]
        desk.departments.selectRow(codes.index("INT"))
        grab("checkin", lang)
        desk.buttons[Action.CHECK_IN].click()
        at(State.TICKET)
        visit_id = clinic.view().ticket.visit_id  # type: ignore[union-attr]
        dept.post_charge(visit_id, item_code="CONS-1", name="普通门诊诊查费",
                         category="consultation", insurance_class="A", unit_price_fen=1000,
                         his_order_id=f"ORD-CLINIC-{n}")
        dept.post_charge(visit_id, item_code="PROC-1", name="清创缝合术", category="procedure",
                         insurance_class="B", unit_price_fen=18000, his_order_id=f"ORD-PROC-{n}")
        dept.post_charge(visit_id, item_code="DRUG-7", name="头孢克肟胶囊", category="drug",
                         insurance_class="C", unit_price_fen=3650, quantity=2,
                         his_order_id=f"ORD-DRUG-{n}")
        desk.buttons[Action.END].click()
        at(State.ATTRACT)
        desk.buttons[Action.READ_CARD].click()
        at(State.ITINERARY)
        desk.buttons[Action.SHOW_BILL].click()
        at(State.BILL)
        grab("bill", lang)
        customer.confirm_button.click()
        at(State.RECEIPT)
        grab("receipt", lang)
        desk.buttons[Action.END].click()
        at(State.ATTRACT)
        station.controller.dispatch(ev.SignOut())
        wait_until(lambda: window.current_screen() == "signin")
    dept.close()
    station.close()
    return written


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
