"""``python -m wattsandtons.ledger --db URL --port N``: serve the ledger over HTTP without the main CLI (the crash
test uses it)."""

from typing import Annotated

import typer

from wattsandtons.ledger.limits import DB_ENV, DEFAULT_URL


def serve_command(
    db: Annotated[
        str, typer.Option("--db", envvar=DB_ENV, help="Database URL: sqlite:///FILE or postgresql://…")
    ] = DEFAULT_URL,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Serve the ledger over HTTP (FastAPI + uvicorn): /ledger/… routes, OpenAPI at /openapi.json."""
    import uvicorn

    from wattsandtons.ledger.api import create_app, serving_switch_interval

    serving_switch_interval()
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    typer.run(serve_command)
