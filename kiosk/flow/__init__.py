"""The patient session: a UI-agnostic state machine (``session``), the view models screens show
(``models``), and the runner that carries out the session's effects (``runner``)."""
