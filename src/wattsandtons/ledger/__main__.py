"""``python -m wattsandtons.ledger --db URL --port N``: serve the ledger over HTTP (used by the crash test)."""

from wattsandtons.ledger.cli import main

main()
