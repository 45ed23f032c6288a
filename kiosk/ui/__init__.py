"""The kiosk's screens (PySide6): ``window.MainWindow`` shows a ``kiosk.flow`` ``SessionView``
and emits the patient's intents; ``i18n`` switches languages; ``theme`` loads the font and the
stylesheet; ``messages`` words every error and reason code. May import kiosk.flow and
kiosk.domain only. Threads: GUI thread only.
"""
