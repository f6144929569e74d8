"""One event per stated action: which candidates become events.

Every candidate carries the filter's probability that it is a real event of its type. A
sentence usually states one or two acts, but coders see more: a trigger read as four types
("forced them to capitulate and agree to surrender deals": CONSULT, SUPPORT, AID, CONCEDE),
the model's type anchored beside a rule's. The rule here is a reader's: take the most
probable candidate; a second candidate on the *same trigger* is the same act read another
way and is dropped; another trigger of the sentence is another act only if it is believed on
its own (:data:`KEEP`), and each further act of one sentence must be more probable still
(:data:`KEEP_STEP`), because long sentences attract spurious readings faster than they state
acts. Ties keep text order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

#: A candidate becomes an event at this calibrated probability. Chosen on our annotated
#: articles (eval/gold2_train) by 5-fold cross-validation grouped by article (the grid that
#: scripts/train_event_filter.py prints): the lowest threshold that keeps disasters coded
#: ASSAULT at or under 5% (the events issue's bound) on CASE dev. With 154 articles:
#: at 0.55/0.0 type P 0.781 R 0.562 F1 0.654, disasters->ASSAULT 0.035, plv macro-F1 0.731;
#: at 0.5 P 0.761 R 0.593 F1 0.666 but disasters->ASSAULT 0.053 (3 of 57 snippets; weighing
#: the disaster snippets twice left it there). With 128 articles 0.5 met the bound (0.035).
KEEP = 0.55
#: Each further event of one sentence needs this much more probability than the one before
#: (0: no penalty). Chosen with :data:`KEEP` by the same cross-validation.
KEEP_STEP = 0.0
#: Candidates of one trigger token that may become events: one (the most probable type).
PER_TOKEN = 1

T = TypeVar("T")


def select(items: Sequence[T], probs: Sequence[float], sentence_of: Sequence[int],
           token_of: Sequence[int], keep: float = KEEP, step: float = KEEP_STEP) -> list[int]:
    """Indices of the candidates kept, in their original order.

    ``sentence_of[i]`` and ``token_of[i]`` identify candidate ``i``'s sentence and trigger
    token; ``probs[i]`` is its probability.
    """
    del items
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))
    per_sentence: dict[int, int] = {}
    per_token: dict[tuple[int, int], int] = {}
    kept: list[int] = []
    for i in order:
        s, t = sentence_of[i], token_of[i]
        n = per_sentence.get(s, 0)
        if probs[i] < keep + step * n or per_token.get((s, t), 0) >= PER_TOKEN:
            continue
        kept.append(i)
        per_sentence[s] = n + 1
        per_token[(s, t)] = per_token.get((s, t), 0) + 1
    return sorted(kept)
