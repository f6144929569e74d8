"""``flashpoint eval``: a thin click layer over ``Evaluator``, ``report`` and ``gate``.

Library errors (``EvalError``) propagate to the CLI's edge (``cli.main.main``), which prints them as
one line and exits 1; an unknown target is a usage error (exit 2) that lists the valid ones.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from flashpoint.errors import EvalError

from .datasets import DatasetSpec, find_repo_root, locate_shared, resolve_targets
from .gate import FLOORS_PATH, check, load_floors
from .report import render
from .runner import DatasetResult, Evaluator


def floors_file() -> Path:
    """``eval/floors.json`` of the checkout this package runs from."""
    root = find_repo_root(Path(__file__).resolve().parent)
    if root is None or not (root / FLOORS_PATH).is_file():
        raise EvalError(f"no {FLOORS_PATH} in a checkout above the installed package",
                        fix="run --gate from a flashpoint checkout (pip install -e .)")
    return root / FLOORS_PATH


def _run(specs: list[DatasetSpec], ev: Evaluator,
         limits: dict[str, int | None]) -> list[DatasetResult]:
    results = []
    for spec in specs:
        limit = limits.get(spec.key)
        click.echo(f"flashpoint eval: {spec.key} ({f'first {limit}' if limit else 'all'})",
                   err=True)
        results.append(ev.evaluate(spec, limit))
    return results


@click.command("eval")
@click.argument("targets", nargs=-1)
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help="Evaluate only the first N records of each dataset (0: all).")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object {dataset: metrics} instead of tables.")
@click.option("--shared", type=click.Path(file_okay=False), default=None,
              help="The shared evaluation folder (default: $FLASHPOINT_SHARED, else ../shared).")
@click.option("--model", default="sm", show_default=True,
              help="spaCy model: sm, md, or an installed spaCy package name.")
@click.option("--gate", is_flag=True,
              help="Run the subsets pinned in eval/floors.json and fail on any regression.")
@click.option("--examples", type=click.IntRange(min=0), default=0, show_default=True,
              help="docs: list this many false positives and misses per article.")
def eval_command(targets: tuple[str, ...], limit: int | None, as_json: bool,
                 shared: str | None, model: str, gate: bool, examples: int) -> None:
    """Score the pipeline on the evaluation datasets.

    TARGETS: all (default), an area (events, geo, dates, quotes, docs), a dataset such as
    events/plv, docs (the exhaustively annotated articles of shared/gold2, scored as
    shared/tools/score_docs.py scores them) or gold (the older whole-article gold files).
    """
    try:
        specs = resolve_targets(targets)
    except EvalError as exc:
        raise click.BadParameter(exc.render(), param_hint="TARGETS") from exc
    folder = locate_shared(shared)
    gates = load_floors(floors_file()) if gate else []
    if gate:
        wanted = {s.key for s in specs}
        gates = [g for g in gates if g.spec.key in wanted]
        specs = [g.spec for g in gates]
    limits = {g.spec.key: g.limit for g in gates} if gate else {s.key: limit for s in specs}
    results = _run(specs, Evaluator(folder, model=model), limits)
    if as_json:
        click.echo(json.dumps({r.spec.key: r.to_dict() for r in results}, ensure_ascii=False))
    else:
        click.echo(render(results, examples), nl=False)
    if gate:
        failed = check(gates, {r.spec.key: r.metrics for r in results})
        for line in failed:
            click.echo(f"REGRESSION {line}", err=True)
        click.echo(f"gate: {len(failed)} regression(s) over {len(gates)} dataset(s)", err=True)
        if failed:
            raise SystemExit(1)
