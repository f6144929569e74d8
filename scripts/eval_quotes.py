"""Score the quotes stage on eval/quotes_gold.jsonl, per split, with every error listed.

``flashpoint eval quotes`` prints the same metrics; this script adds the per-article errors
(MISSED, SPEAKER, CHANNEL, EXTRA) that tuning needs, and can keep to one split::

    .venv/bin/python scripts/eval_quotes.py               # all articles, metrics only
    .venv/bin/python scripts/eval_quotes.py --split tune --errors
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from flashpoint.evaluation.quotes import (
    SPLITS,
    input_rows,
    load_quote_gold,
    quote_metrics,
    score_article,
)
from flashpoint.evaluation.runner import Evaluator


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default=None, help="score one split only")
    parser.add_argument("--errors", action="store_true", help="list every error per article")
    parser.add_argument("--model", default="sm", help="spaCy model (sm or md)")
    args = parser.parse_args()
    articles = [a for a in load_quote_gold() if args.split in (None, a.split)]
    started = time.perf_counter()
    # The gold file carries its article texts: no shared folder is read.
    out, failures = Evaluator(Path.cwd(), model=args.model).outputs(input_rows(articles),
                                                                    source="quotes/gold")
    results = [score_article(a, out.get(a.id, {})) for a in articles]
    if args.errors:
        for r in results:
            if r.errors:
                print(f"== {r.article.id} ({r.article.split})")
                print("\n".join(f"  {e}" for e in r.errors))
    for f in failures:
        print(f"FAILED {f.id}: {f.reason}")
    print(json.dumps(quote_metrics(results), indent=1))
    print(f"{len(articles)} articles in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
