"""The web dashboard and JSON API (FastAPI): ``wattsandtons serve``."""

from wattsandtons.web.app import create_app

__all__ = ["create_app"]
