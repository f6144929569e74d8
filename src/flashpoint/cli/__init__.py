"""The command line: ``flashpoint extract|ingest|query|export|dedup|serve|eval|explain``.

A thin layer over the library: ``main`` (the click group, extract and ingest), ``query``
(query, dedup, export), ``serve`` (the HTTP API) and ``explain`` (how a sentence is coded).
It translates the library's errors into messages and exit codes at its edge.

Public names: ``main``.
"""

from .main import main

__all__ = ["main"]
