"""Shared fixtures. The PC/SC ones: a private pcscd with the vpcd readers and virtual cards.

``pcscd`` gives each test its own daemon (inside the sandbox of ``tools/test`` only; outside it
a pcsc test fails telling you to run ``./tools/test``); ``virtual_card(...)`` inserts a
``kiosk.card.virtual.VirtualCard`` and waits until pcscd sees it. Other rooms may add their
own fixtures below; keep this part limited to the card/pcsc ones.

The backend ones: ``backend`` is the reference backend with the demo data in a child process
on loopback, a database of its own per test (a copy of one seed-demo per session,
``backend_template``); see ``tests.support.server_proc.Backend``. ``live_backend`` is the same
fixture under the name the client and counter tests use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.support import pcsc, server_proc


@pytest.fixture
def pcscd(tmp_path) -> Iterator[pcsc.PrivatePcscd]:
    """A private pcscd for this test (readers ``Virtual PCD 00 00``/``00 01``), with
    ``stop()``, ``start()``, ``kill()``, ``restart()``, ``remove_reader()``, ``add_reader()``."""
    try:
        daemon = pcsc.PrivatePcscd(tmp_path / "pcscd")
    except pcsc.SandboxRequired as exc:
        pytest.fail(str(exc), pytrace=False)
    daemon.start()
    try:
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture
def virtual_card(pcscd) -> Iterator[Callable[..., object]]:
    """Factory: ``virtual_card("eligible", behaviour=CardBehaviour(...), port=35963)``.

    Inserts the card (``insert=False`` to keep it out) and, unless ``wait=False``, waits until
    pcscd reports it present. Every card is pulled at the end of the test.
    """
    from kiosk.card.virtual import CardBehaviour, CardData, VirtualCard

    cards: list[VirtualCard] = []

    def make(key: str | None = "eligible", behaviour: CardBehaviour | None = None, *,
             data: CardData | None = None, port: int = pcsc.PORT_0, insert: bool = True,
             wait: bool = True) -> VirtualCard:
        if data is not None:
            card = VirtualCard(data, behaviour, port=port)
        else:
            card = VirtualCard.from_demo(key or "eligible", behaviour, port=port)
        cards.append(card)
        if insert:
            card.insert()
            if wait:
                reader = pcsc.READER_0 if port == pcsc.PORT_0 else pcsc.READER_1
                pcsc.wait_for(lambda: pcsc.card_present(reader), 5.0, what="card insertion")
        return card

    try:
        yield make
    finally:
        for card in cards:
            card.remove()


@pytest.fixture(scope="session")
def backend_template(tmp_path_factory: pytest.TempPathFactory) -> server_proc.SeedTemplate:
    """seed-demo once per session; each ``backend`` starts from a copy of it."""
    return server_proc.SeedTemplate(tmp_path_factory.mktemp("backend-template"))


@pytest.fixture
def backend(tmp_path, backend_template) -> Iterator[server_proc.Backend]:
    """The seeded reference backend, started: ``base_url``, ``kiosk_token``,
    ``department_tokens``, ``department_code``/``department_token`` (INT), ``credentials``,
    ``db_path``, ``stop()``/``start()``/``restart()`` on the same port, ``counts(visit_id)``."""
    server = server_proc.Backend(tmp_path / "backend", template=backend_template)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def live_backend(backend: server_proc.Backend) -> server_proc.Backend:
    """``backend`` under the name the client and counter tests use."""
    return backend


@pytest.fixture
def english_ui(qapp):
    """English installed for the test (an earlier test may have left Chinese, the default),
    the default restored afterwards. The Chinese texts: tests/ui/test_translations_complete.py."""
    from kiosk.qt import i18n

    i18n.install_translator(qapp, "en")
    yield
    i18n.install_translator(qapp, i18n.DEFAULT_LANGUAGE)


@pytest.fixture
def background(qtbot) -> Iterator[object]:
    """The one background helper a program's composition root would make, shut down after the
    test (waiting for work still running)."""
    from kiosk.qt.background import Background

    pool = Background()
    yield pool
    pool.shutdown()
