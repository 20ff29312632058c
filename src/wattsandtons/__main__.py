"""``python -m wattsandtons`` runs the command line."""

from wattsandtons.cli import app

app(prog_name="wattsandtons")
