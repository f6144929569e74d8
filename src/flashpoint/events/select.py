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

from collections.abc import Mapping, Sequence
from typing import TypeVar

#: A candidate becomes an event at this calibrated probability (ASSAULT needs its own, higher
#: one: :data:`KEEP_BY_TYPE`). Chosen on our annotated articles (eval/gold2_train) by 5-fold
#: cross-validation grouped by article (the grid scripts/train_event_filter.py prints). It was
#: the disaster rule's threshold with 154 articles (see :data:`KEEP_BY_TYPE`), and stays for the
#: other types, where it trades recall for the precision the issue asks first. With 154
#: articles, one threshold for every type: 0.55 gives type P 0.774 R 0.588 F1 0.668, 0.5 P 0.755
#: R 0.619 F1 0.680, 0.4 P 0.713 R 0.687 F1 0.700; with ASSAULT at 0.65, P 0.776 R 0.583.
#: With 205 articles: 0.55 P 0.785 R 0.590 F1 0.673, 0.5 P 0.764 R 0.615 F1 0.681, 0.4 P 0.704
#: R 0.653 F1 0.677; with ASSAULT at 0.7, P 0.791 R 0.577 F1 0.668. Retrained with the
#: senses, nominal speech acts and features of December 7: with ASSAULT at 0.65, P 0.797
#: R 0.577 F1 0.670 (factuality 0.928). With 233 articles (a later session of December 7):
#: 0.55 P 0.797 R 0.583 F1 0.673, 0.5 P 0.774 R 0.615, 0.4 P 0.722 R 0.659 F1 0.689; with
#: ASSAULT at 0.65, P 0.800 R 0.581 F1 0.673 (factuality 0.930), in the final run of that
#: session. Retrained on December 8 (speech-act modality): 0.55 P 0.791 R 0.590 F1 0.676,
#: 0.5 P 0.770 R 0.618 F1 0.686, 0.4 P 0.718 R 0.666 F1 0.691; with ASSAULT at 0.65, P 0.796
#: R 0.586 F1 0.675 (factuality 0.933). Retrained later on December 8 (where a model-only
#: type is anchored, ``propose._anchor_features``; accusations told by their words; titles
#: held by the story's people): 0.55 P 0.788 R 0.591 F1 0.675, 0.5 P 0.767 R 0.616 F1 0.683,
#: 0.4 P 0.718 R 0.660 F1 0.688; with ASSAULT at 0.65, P 0.795 R 0.587 F1 0.675 (factuality
#: 0.934, held-out log-loss 0.480).
KEEP = 0.55
#: Types held to a higher threshold than :data:`KEEP` by a rule of their own. ASSAULT's is the
#: disaster rule that used to set :data:`KEEP` itself: the lowest threshold at which disasters
#: coded ASSAULT stay at or under 5% on CASE dev (the events issue's bound), in the same
#: cross-validation. With 154 articles and the noun speech-act triggers: 0.55 and 0.6 code 3
#: of 57 disaster snippets as ASSAULT (0.053), 0.65 codes 2 (0.035). With 205 articles
#: (December 2026) 0.55 to 0.65 code 3 (0.053) and 0.7 codes 2 (0.035): 0.7. Retrained on
#: December 7 (curated senses, nominal speech acts, purpose modality, relative-clause roles):
#: 0.55 codes 4 (0.070), 0.6 codes 3 (0.053), 0.65 codes 2 (0.035): 0.65. With 233
#: articles, a first retrain coded 3 at 0.55 to 0.65 and 2 at 0.7; the final one (after the
#: last role and modality rules) codes 3 at 0.55 and 0.6 and 2 at 0.65: 0.65. One snippet
#: moves this threshold between runs. Retrained on December 8: 0.55 and 0.6 code 3 (0.053),
#: 0.65 codes 2 (0.035): 0.65 still, and so in the later retrain of that day. The rule says
#: nothing about the other types, which keep :data:`KEEP`.
KEEP_BY_TYPE: dict[str, float] = {"ASSAULT": 0.65}
#: Each further event of one sentence needs this much more probability than the one before
#: (0: no penalty). Chosen with :data:`KEEP` by the same cross-validation.
KEEP_STEP = 0.0
#: Candidates of one trigger token that may become events: one (the most probable type).
PER_TOKEN = 1

T = TypeVar("T")


def select(items: Sequence[T], probs: Sequence[float], sentence_of: Sequence[int],
           token_of: Sequence[int], keep: float = KEEP, step: float = KEEP_STEP,
           types: Sequence[str] | None = None,
           keep_by_type: Mapping[str, float] | None = None) -> list[int]:
    """Indices of the candidates kept, in their original order.

    ``sentence_of[i]`` and ``token_of[i]`` identify candidate ``i``'s sentence and trigger
    token; ``probs[i]`` is its probability. With ``types`` (each candidate's type), a type of
    ``keep_by_type`` (default :data:`KEEP_BY_TYPE`) needs at least its own threshold.
    """
    del items
    floors = KEEP_BY_TYPE if keep_by_type is None else keep_by_type
    need = [max(keep, floors.get(t, 0.0)) for t in types] if types is not None \
        else [keep] * len(probs)
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))
    per_sentence: dict[int, int] = {}
    per_token: dict[tuple[int, int], int] = {}
    kept: list[int] = []
    for i in order:
        s, t = sentence_of[i], token_of[i]
        n = per_sentence.get(s, 0)
        if probs[i] < need[i] + step * n or per_token.get((s, t), 0) >= PER_TOKEN:
            continue
        kept.append(i)
        per_sentence[s] = n + 1
        per_token[(s, t)] = per_token.get((s, t), 0) + 1
    return sorted(kept)
