"""The browsable API description (Swagger UI at ``/docs``) outside production, with its
assets served by this server from the ``swagger-ui-bundle`` package: never from a CDN, so a
browser on the hospital network fetches nothing from outside it. Without that package the UI
stays off (``/openapi.json`` is still served). ReDoc is not offered: its script would have to
come from a CDN.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

log = logging.getLogger("kiosk.server")
ASSETS = "/docs/assets"


def swagger_ui_dir() -> Path | None:
    try:
        import swagger_ui_bundle
    except ImportError:
        return None
    path = Path(swagger_ui_bundle.swagger_ui_path)
    return path if (path / "swagger-ui-bundle.js").is_file() else None


def install_docs(app: FastAPI) -> None:
    assets = swagger_ui_dir()
    if assets is None:
        log.info("swagger-ui-bundle is not installed: /docs is off")
        return
    app.mount(ASSETS, StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title=f"{app.title} - API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png")
