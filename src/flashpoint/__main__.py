"""``python -m flashpoint`` runs the CLI."""

from .cli import main

main()
