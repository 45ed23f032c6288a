"""The counter's command line (the kiosk's flag names) and its idle lock, end to end: from the
setting (``--idle-minutes`` or ``KIOSK_COUNTER_IDLE_MINUTES``) through ``open_station`` to the
window, against the real backend on loopback."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.counter.app import DEFAULT_IDLE_MINUTES, open_station, parse_args
from kiosk.counter.i18n import install_language
from kiosk.counter.window import CounterWindow
from kiosk.domain.demo import demo_patient
from tests.counter.conftest import Counter


def test_the_counter_takes_the_kiosks_flag_names_and_the_old_ones():
    args = parse_args(["--backend-url", "https://b.example", "--language", "en"], env={})
    assert (args.backend_url, args.language) == ("https://b.example", "en")
    assert args.idle_minutes == DEFAULT_IDLE_MINUTES
    old = parse_args(["--backend", "https://b.example", "--lang", "en"], env={})
    assert (old.backend_url, old.language) == ("https://b.example", "en")
    from_env = parse_args([], env={"KIOSK_COUNTER_BACKEND": "https://b.example",
                                   "KIOSK_COUNTER_IDLE_MINUTES": "2.5"})
    assert (from_env.backend_url, from_env.idle_minutes) == ("https://b.example", 2.5)
    flag_wins = parse_args(["--idle-minutes", "5"], env={
        "KIOSK_COUNTER_BACKEND": "https://b.example", "KIOSK_COUNTER_IDLE_MINUTES": "2.5"})
    assert flag_wins.idle_minutes == 5


def test_the_old_flags_are_not_listed(capsys):
    with pytest.raises(SystemExit):
        parse_args(["--help"], env={})
    shown = capsys.readouterr().out
    assert "--backend-url" in shown and "--language" in shown and "--idle-minutes" in shown
    assert "--backend " not in shown and "--lang " not in shown


@pytest.mark.parametrize("argv, env", [
    ([], {}),  # no backend: the error names the flag and how to find the demo's
    (["--backend-url", "https://b.example", "--idle-minutes", "0"], {}),
    (["--backend-url", "https://b.example", "--idle-minutes", "-1"], {}),
    (["--backend-url", "https://b.example", "--idle-minutes", "100000"], {}),
    (["--backend-url", "https://b.example"], {"KIOSK_COUNTER_IDLE_MINUTES": "never"}),
])
def test_a_missing_backend_or_an_idle_time_out_of_range_is_refused(argv, env, capsys):
    with pytest.raises(SystemExit) as exit_info:
        parse_args(argv, env=env)
    assert exit_info.value.code == 2
    error = capsys.readouterr().err
    assert ("--backend-url" in error and "kiosk demo info" in error) or "--idle-minutes" in error


def test_the_station_locks_after_the_configured_idle_time(qtbot, live_backend, tmp_path):
    """Staff walk away with a debt confirmation open: after the idle time set in the
    environment the station locks, nothing of the patient stays on screen, and only the
    staff password opens it again."""
    install_language(QApplication.instance(), "en")
    args = parse_args(["--backend-url", live_backend.base_url, "--data-dir", str(tmp_path)],
                      env={"KIOSK_COUNTER_IDLE_MINUTES": "0.03"})  # 1.8 s
    station = open_station(args)
    assert station.controller.session.timing.idle_seconds == pytest.approx(1.8)
    window = CounterWindow(station.controller)
    qtbot.addWidget(window)
    window.show()
    counter = Counter(window, station, live_backend, qtbot)
    try:
        counter.sign_in("clerk")
        counter.find("not_eligible")
        counter.click(window.patient.pay_debt_button)
        assert window.current_screen() == "confirm_debt"
        name = demo_patient("not_eligible").name
        assert window.patient.identity_values["name"].text() == name

        counter.wait(lambda: window.current_screen() == "signin", timeout=10_000)
        assert counter.controller.staff is None and counter.controller.patient is None
        assert window.patient.identity_values["name"].text() == "—"
        assert window.debt_confirm.amount.text() == ""  # the confirmation is gone too
        assert window.signin.message.isVisible()  # says why: inactivity
        assert window.signin.password.text() == ""  # the password is needed again

        login = live_backend.credentials["staff"]["clerk"]
        assert window.signin.username.text() == login["username"]  # kept: who was here
        window.signin.password.setText("not the password")
        counter.click(window.signin.sign_in_button)
        counter.idle()
        assert window.current_screen() == "signin" and counter.controller.staff is None
        counter.sign_in("clerk")  # the right password opens it again
        assert counter.controller.patient is None  # with nobody's data on it
    finally:
        station.close()
