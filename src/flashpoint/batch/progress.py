"""How ``flashpoint ingest`` shows progress: a bar on a terminal, log lines elsewhere.

On a terminal, a tqdm bar on stderr with the rate and, when the number of articles can be
counted up front, the ETA. When stderr is a file or a pipe (cron, CI, ``2> log``), a bar's
carriage returns make an unreadable log, so one plain line is printed every ``log_seconds``
instead. This is the CLI's edge: the runner itself never prints.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any

from .plan import IngestReport

#: Seconds between progress lines when stderr is not a terminal: often enough to see that a
#: long run is alive, rarely enough that a day-long run logs a few thousand lines.
DEFAULT_LOG_SECONDS = 30.0


class IngestProgress:
    """The progress callback of ``run_ingest`` for the command line. Call ``close`` at the end."""

    def __init__(self, total: int | None, log_seconds: float = DEFAULT_LOG_SECONDS,
                 stream: IO[str] | None = None) -> None:
        self._stream = stream or sys.stderr
        self._total = total
        self._log_seconds = log_seconds
        self._last_log = time.monotonic()
        self._bar: Any = None
        if self._stream.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="doc", file=self._stream, mininterval=0.5,
                             delay=1.0, dynamic_ncols=True)

    def __call__(self, report: IngestReport) -> None:
        if self._bar is not None:
            self._bar.update(report.done - self._bar.n)
            self._bar.set_postfix(stored=report.stored, unchanged=report.unchanged,
                                  failed=report.failed, refresh=False)
            return
        now = time.monotonic()
        if now - self._last_log >= self._log_seconds:
            self._last_log = now
            self._stream.write(self.line(report) + "\n")
            self._stream.flush()

    def line(self, report: IngestReport) -> str:
        """One progress line: ``ingest: 120/643 done (stored …), 3.1 docs/s``."""
        of = f"/{self._total}" if self._total is not None else ""
        rate = report.done / report.seconds if report.seconds > 0 else 0.0
        return (f"flashpoint: ingest: {report.done}{of} done (stored {report.stored}, "
                f"unchanged {report.unchanged}, failed {report.failed}), {rate:.1f} docs/s")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
