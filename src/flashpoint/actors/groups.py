"""Whose group it is: the country an agent phrase takes from the words around it.

Two readings the mention finder needs beside the nationality before a group ("Sudanese
police"): a state named in an "of" or "in" phrase after it ("the army of Sudan", "security
forces in Guinea"), and coordinated nationalities that each name a body of their own ("French
and Spanish police").
"""

from __future__ import annotations

from typing import Any

from .kb import KnowledgeBase
from .mention import Mention

#: "of" after an agent phrase gives its country when a state follows ("the army of Sudan").
#: "in" does too, for a group the text gives no other owner ("security forces in Guinea",
#: "militants in Azerbaijan": CAMEO and ICEWS code a group by the country it acts in), but
#: not after a possessive ("its forces in Lebanon" are Israel's) nor for a body that
#: represents a state abroad ("the embassy in Tehran"), and only when the state is named as a
#: country, not by a city that may stand for it ("militias in Tripoli": Lebanon's Tripoli).
#: "from" is left out: "forces withdrawn from Panama" are no Panamanian forces. Measured on
#: the PLOVER GSR dev records, where "from" and the exceptions turned two right countries
#: into seven changes, five of them wrong.
PLACING_PREPOSITIONS = frozenset(("of", "in"))
#: Bodies that stand for a state abroad: the country they are in is never theirs.
ABROAD_BODIES = frozenset(("embassy", "embassies", "consulate", "mission", "delegation",
                           "envoy", "envoys", "ambassador", "ambassadors"))
_POSSESSIVES = frozenset(("its", "their", "his", "her", "our", "your", "my"))


def placed_in(doc: Any, by_start: dict[int, Mention], start: int, end: int,
              ) -> Mention | None:
    """The state of an "of"/"in" phrase right after the agent phrase ``start:end`` (see
    :data:`PLACING_PREPOSITIONS`)."""
    if end + 1 >= len(doc) or doc[end].lower_ not in PLACING_PREPOSITIONS:
        return None
    right = by_start.get(end + 1 + (doc[end + 1].lower_ == "the"))
    if right is None or right.type != "state":
        return None
    if doc[end].lower_ == "of":
        return right
    owned = start > 0 and doc[start - 1].lower_ in _POSSESSIVES
    if owned or doc[end - 1].lower_ in ABROAD_BODIES or not _named_place(doc, right):
        return None
    return right


def _named_place(doc: Any, m: Mention) -> bool:
    """Whether state mention ``m`` names the state as a place: its name or a capital that
    stands for it ("demonstrators in Baghdad"), not a nationality word ("in Iraqi hands")."""
    if m.text.lower().removeprefix("the ") == m.name.lower():
        return True
    return all(t.pos_ == "PROPN" and t.ent_type_ not in ("NORP", "LANGUAGE")
               for t in doc[m.start_tok:m.end_tok])


#: Words that may stand between coordinated nationalities ("French and Spanish police",
#: "Russian, Iranian and Syrian troops").
_COORDINATORS = frozenset((",", "and", "or", "&"))
#: The longest nationality read as a coordinated modifier, in tokens ("Sierra Leonean and
#: Liberian refugees"; longer state names are no adjective).
MAX_CONJOINED_NAME = 2


def _modifies(doc: Any, a: Mention, head: Any) -> bool:
    """Whether nationality ``a`` modifies the body whose head is ``head``, in the parse or in
    the small model's usual misparse of coordination, which makes the body a conjunct of the
    first nationality ("Sierra Leonean and Liberian refugees": refugees conj of Leonean)."""
    return head in doc[a.start_tok].ancestors or (
        head.dep_ == "conj" and a.start_tok <= head.head.i < a.end_tok)


def conjoined_bodies(doc: Any, mentions: list[Mention], kb: KnowledgeBase) -> list[Mention]:
    """A state named as one of coordinated modifiers of a country's body is that country's
    body of the same kind: "French and Spanish police" are the French police and the Spanish
    police, "US and British officials" both governments' officials, as a coder writes one
    actor per nationality. Without this "French" stays the state of France, and the arrest by
    the two police forces reads as Spain's police arresting France."""
    by_end = {m.end_tok: m for m in mentions if m.type == "state" and m.country}
    replaced: dict[int, Mention] = {}
    for b in mentions:
        suffix = b.actor_id.partition(".")[2]
        if b.type in ("state", "person") or not b.country or not suffix \
                or not b.actor_id.startswith(f"{b.country}."):
            continue
        head = doc[b.end_tok - 1]
        k = b.start_tok
        while k > 0 and doc[k - 1].lower_ in _COORDINATORS:
            j = k - 1
            while j > 0 and doc[j - 1].lower_ in _COORDINATORS:
                j -= 1
            a = by_end.get(j)
            if a is None or a.end_tok - a.start_tok > MAX_CONJOINED_NAME or a.country is None \
                    or not _modifies(doc, a, head):
                break
            actor_id = f"{a.country}.{suffix}"
            known = kb.by_id.get(actor_id)
            replaced[a.start_tok] = Mention(
                a.start_tok, a.end_tok, a.start, a.end, a.text, actor_id,
                known.name if known else f"{a.text} {doc[b.start_tok + 1:b.end_tok].text}",
                known.type if known else b.type, a.country, "agent",
                kb=known.kb if known else None)
            k = a.start_tok
    return [replaced.get(m.start_tok, m) if m.type == "state" else m for m in mentions]
