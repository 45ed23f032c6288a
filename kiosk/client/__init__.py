"""The kiosk's client for the credit-eligibility backend (docs/api.md).

``BackendClient(BackendConfig(...))`` is what the flow and the journal use; its methods
return frozen dataclasses (``kiosk.client.models``) and fail with the typed errors of
``kiosk.client.errors``. ``kiosk.client.transport`` holds the HTTP rules (timeouts, deadline,
retries, TLS, token, correlation ids, logging without personal data).

Threads: every call blocks up to its deadline, so only worker threads call the client,
never the GUI thread.
"""

from kiosk.client.api import (
    BackendClient,
    DepartmentClient,
    new_idempotency_key,
    rejected_settlement,
    rejected_split,
)
from kiosk.client.errors import (
    BackendError,
    BackendFailure,
    BackendOffline,
    BackendRejected,
    BackendTimeout,
    BackendTlsError,
)
from kiosk.client.transport import BackendConfig, Transport

__all__ = [
    "BackendClient",
    "BackendConfig",
    "BackendError",
    "BackendFailure",
    "BackendOffline",
    "BackendRejected",
    "BackendTimeout",
    "BackendTlsError",
    "DepartmentClient",
    "Transport",
    "new_idempotency_key",
    "rejected_settlement",
    "rejected_split",
]
