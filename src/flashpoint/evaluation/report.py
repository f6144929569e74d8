"""Readable tables of evaluation results (``flashpoint eval``'s text output).

Per dataset: a header with how many records were evaluated out of how many, a metric table,
and the detail: for events the per-type scores and the confusion table, for gold the
found/expected of every area per article with what was missed. Plain text, fixed-width, so it
reads the same in a terminal, a CI log and a commit message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .docs import DocScore
from .gold import AREAS, EXTRA_AREAS, ArticleScore
from .runner import DatasetResult
from .scoring import NONE, TypeScore

#: Width of the metric-name column (the longest key, ``value_accuracy_recognised``, fits).
NAME_WIDTH = 28
#: Confusion-table columns use the first letters of each type: four keep all 16 PLOVER
#: types and NONE distinct (CONSULT/CONCEDE -> CONS/CONC) and the table under 100 columns.
ABBREV = 4
CORNER = "gold \\ predicted"
#: Failed documents listed per dataset (the rest are counted).
MAX_FAILURES_SHOWN = 5


def fmt_value(value: Any) -> str:
    """Floats to three decimals (as score.py prints them), None as a dash."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def metric_table(metrics: Mapping[str, Any]) -> list[str]:
    """One ``name  value`` line per metric, in the metrics' order."""
    return [f"  {k:<{NAME_WIDTH}} {fmt_value(v):>10}" for k, v in metrics.items()]


def per_type_table(rows: Sequence[TypeScore]) -> list[str]:
    """Per-type precision, recall and F1 over the primary-type predictions."""
    lines = [f"  {'type':<11}{'support':>8}{'pred':>6}{'tp':>5}{'P':>7}{'R':>7}{'F1':>7}"]
    lines += [f"  {s.type:<11}{s.support:>8}{s.predicted:>6}{s.tp:>5}"
              f"{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}" for s in rows]
    return lines


def confusion_table(confusion: Mapping[str, Mapping[str, int]]) -> list[str]:
    """Gold type (rows) by predicted primary type (columns, abbreviated)."""
    if not confusion:
        return []
    cols = sorted({p for row in confusion.values() for p in row},
                  key=lambda t: (t == NONE, t))
    head = "".join(f"{c[:ABBREV]:>6}" for c in cols)
    lines = [f"  {CORNER:<16}{head}"]
    for gold, row in confusion.items():
        lines.append(f"  {gold:<16}" + "".join(f"{row.get(c, 0):>6}" for c in cols))
    return lines


def _area_line(name: str, found: int, expected: int, note: str = "") -> str:
    extra = " (extra)" if name in EXTRA_AREAS else ""
    note = f"  [{note}]" if note else ""
    return f"  {name + extra:<{NAME_WIDTH}} {found:>4}/{expected:<4}{note}"


def article_table(article: ArticleScore) -> list[str]:
    """Per area found/expected, then the missed items, for one gold article."""
    lines = [f" {article.name}  (published inferred without a date: "
             f"{article.published_inferred or 'none'})"]
    for a in article.areas:
        lines.append(_area_line(a.area, a.found, a.expected, a.note))
        lines += [f"      missed: {m}" for m in a.missed]
    if article.ignored:
        lines.append(f"  not scored (unknown gold keys): {', '.join(article.ignored)}")
    return lines


def gold_summary(articles: Sequence[ArticleScore]) -> list[str]:
    """found/expected per area over all gold articles."""
    lines = [" all articles"]
    for area in AREAS:
        found = sum(a.area(area).found for a in articles)
        expected = sum(a.area(area).expected for a in articles)
        lines.append(_area_line(area, found, expected))
    return lines


def docs_table(docs: Sequence[DocScore], examples: int = 0) -> list[str]:
    """Per article: system events, required gold, type and dyad P/R (score_docs.py's table);
    then, with ``examples``, that many false positives and misses per article."""
    lines = [f"  {'article':22s} {'sys':>4s} {'req':>4s} {'typeP':>6s} {'typeR':>6s} "
             f"{'dyadP':>6s} {'dyadR':>6s}"]
    for d in docs:
        tp, tr, _ = d.prf("type")
        dp, dr, _ = d.prf("dyad")
        lines.append(f"  {d.name:22s} {d.counts['sys_n']:4d} {d.counts['req_n']:4d} "
                     f"{tp:6.2f} {tr:6.2f} {dp:6.2f} {dr:6.2f}")
    if examples:
        for d in docs:
            for fp in d.false_positives[:examples]:
                here = f" (gold here: {list(fp.gold_here)})" if fp.gold_here else ""
                trap = " [trap]" if fp.trap else ""
                lines.append(f"  FP {d.name}: {fp.type} {list(fp.source)}->{list(fp.target)} "
                             f"{fp.modality} | {fp.evidence[:110]}{here}{trap}")
            for gid, typed in d.missed[:examples]:
                lines.append(f"  MISS {d.name}: {gid}"
                             + (" (type found, dyad wrong)" if typed else ""))
    return lines


def dataset_report(result: DatasetResult, examples: int = 0) -> list[str]:
    """The full text block of one dataset."""
    head = result.metrics.get(result.headline)
    lines = [f"== {result.spec.key}  ({result.n} of {result.size} "
             f"{'articles' if result.articles else 'records'} evaluated, "
             f"{result.seconds:.1f} s)  {result.headline} = {fmt_value(head)}"]
    lines += metric_table(result.metrics)
    if result.per_type:
        lines += ["", " per type (primary type vs gold):", *per_type_table(result.per_type)]
    if result.confusion:
        lines += ["", " confusion:", *confusion_table(result.confusion)]
    if result.articles:
        for article in result.articles:
            lines += ["", *article_table(article)]
        lines += ["", *gold_summary(result.articles)]
    if result.docs:
        lines += ["", *docs_table(result.docs, examples)]
    lines += _failures(result)
    return lines


def _failures(result: DatasetResult) -> list[str]:
    if not result.failures:
        return []
    lines = ["", f" {len(result.failures)} document(s) failed (no output, scored as empty):"]
    lines += [f"   {f.id} ({f.stage}): {f.reason}" for f in result.failures[:MAX_FAILURES_SHOWN]]
    return lines


def summary_table(results: Iterable[DatasetResult]) -> list[str]:
    """One line per dataset: size evaluated and its headline figure."""
    lines = ["== summary", f"  {'dataset':<20}{'evaluated':>14}  headline"]
    for r in results:
        lines.append(f"  {r.spec.key:<20}{f'{r.n}/{r.size}':>14}  "
                     f"{r.headline} = {fmt_value(r.metrics.get(r.headline))}")
    return lines


def render(results: Sequence[DatasetResult], examples: int = 0) -> str:
    """The whole text report: every dataset's block, then the summary."""
    blocks = ["\n".join(dataset_report(r, examples)) for r in results]
    return "\n\n".join([*blocks, "\n".join(summary_table(results))]) + "\n"
