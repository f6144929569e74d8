"""Evaluation: score the pipeline on the shared datasets and whole-article gold files.

The small API::

    from flashpoint.evaluation import Evaluator, locate_shared, resolve_targets
    ev = Evaluator(locate_shared())                     # ../shared, $FLASHPOINT_SHARED, ...
    result = ev.evaluate(resolve_targets(["events/plv"])[0], limit=20)
    result.metrics                                      # score.py's keys, then extras

The scorers (``score_events``, ``score_geo``, ``score_dates``, ``score_article``) take typed
gold records and contract dicts (``Document.to_dict()``) keyed by id, so they run without
spaCy; ``flashpoint eval`` (``command.eval_command``) and the gate (``gate``) sit on top.
Modules: ``datasets`` (where the data is, typed records), ``scoring`` (score.py's rules),
``goldfile``/``gold`` (gold files and their rules), ``runner`` (the in-process runs),
``report`` (tables), ``gate`` (floors), ``command`` (the CLI command).
"""

from .command import eval_command
from .datasets import DATASETS, DatasetSpec, load_records, locate_shared, resolve_targets
from .gate import DatasetGate, check, load_floors
from .gold import AreaScore, ArticleScore, gold_metrics, score_article
from .goldfile import GoldArticle, load_gold, normalise, read_gold
from .report import render
from .runner import DatasetResult, Evaluator, evaluate, score_records
from .scoring import Scores, score_dates, score_events, score_geo

__all__ = [
    "DATASETS",
    "AreaScore",
    "ArticleScore",
    "DatasetGate",
    "DatasetResult",
    "DatasetSpec",
    "Evaluator",
    "GoldArticle",
    "Scores",
    "check",
    "eval_command",
    "evaluate",
    "gold_metrics",
    "load_floors",
    "load_gold",
    "load_records",
    "locate_shared",
    "normalise",
    "read_gold",
    "render",
    "resolve_targets",
    "score_article",
    "score_dates",
    "score_events",
    "score_geo",
    "score_records",
]
