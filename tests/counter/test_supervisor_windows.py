"""The supervisor's windows open from the counter's top bar (fleet, finance, refunds), and
a clerk sees none of their buttons; signing out closes them."""

from __future__ import annotations

from .conftest import close_counter, open_counter


def test_a_supervisor_opens_each_window_and_signing_out_closes_them(
        qtbot, live_backend, tmp_path) -> None:  # type: ignore[no-untyped-def]
    counter = open_counter(qtbot, live_backend, tmp_path / "counter")
    try:
        counter.sign_in("supervisor")
        supervision = counter.window.supervision
        for name in ("fleet", "finance", "refunds"):
            button = supervision.buttons[name]
            assert button.isVisible() and button.text()
            counter.click(button)
            counter.wait(lambda n=name: supervision.windows[n].isVisible())
        assert supervision.refund_window.isVisible()
        counter.click(counter.window.sign_out_button)
        counter.wait(lambda: not any(w.isVisible() for w in supervision.windows.values()))
        assert not any(b.isVisible() for b in supervision.buttons.values())
    finally:
        close_counter(counter)


def test_a_clerk_sees_no_supervisor_button(qtbot, live_backend, tmp_path) -> None:  # type: ignore[no-untyped-def]
    counter = open_counter(qtbot, live_backend, tmp_path / "counter")
    try:
        counter.sign_in("clerk")
        assert not any(b.isVisible() for b in counter.window.supervision.buttons.values())
    finally:
        close_counter(counter)
