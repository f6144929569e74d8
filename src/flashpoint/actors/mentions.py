"""Actor recognition: every span of a parsed document that names an actor, with evidence.

Three sources, in order of trust, each blocked where a more trusted one already matched:

1. the knowledge base, by longest match over token n-grams within a sentence (normalised
   spellings; short aliases such as "US" or "IS" must match case and all);
2. spaCy's named entities the KB does not know (PERSON, ORG): people and organisations no
   dictionary has heard of;
3. generic agent nouns from the Phoenix agents lexicon ("police", "rebels", "officials"), with
   the country of a modifier right before them ("Sudanese police", "Sudan's army") or of an
   "of" or "in" phrase after them ("the army of Sudan", "forces in Guinea": ``groups``).

The result is a list of ``Mention`` records in text order; ``actors/stage.py`` resolves them.
"""

from __future__ import annotations

import re
from typing import Any

from flashpoint.model import ActorType
from flashpoint.nlp import entities, opening_gerund, sentences, tokens
from flashpoint.nlp import text as doc_text

from .groups import conjoined_bodies, placed_in
from .kb import KBActor, KnowledgeBase
from .layout import body_of, cities_elsewhere, dateline_tokens, headline_end, named_again
from .lexicon import Lexicon
from .mention import Mention
from .people import SECOND, SINGULAR, another, described_from, singled_out

#: Longest alias we try, in tokens ("Democratic Forces for the Liberation of Rwanda" is 7).
MAX_KB_TOKENS = 8
#: Aliases this short (after normalisation) match only with their exact case: "US" not "us",
#: "IS" not "is", "UN" not "un".
SHORT_ALIAS_CHARS = 3
#: Lower-case tokens that may start a KB name (Arabic articles in transliterated names).
LOWER_STARTS = frozenset(("al", "el", "ad", "as", "ash", "an", "ar", "at", "az", "de", "van"))
#: Organisation head words and the type they imply, for ORG entities the KB does not know.
ORG_HEADS: dict[str, ActorType] = {
    "party": "party", "front": "armed_group", "brigade": "armed_group",
    "brigades": "armed_group", "militia": "armed_group", "army": "armed_group",
    "ministry": "government", "council": "government", "parliament": "government",
    "court": "government", "police": "police", "agency": "government", "bank": "business",
    "company": "business", "corporation": "business", "news": "media", "times": "media",
    "television": "media", "tv": "media", "foundation": "ngo", "watch": "ngo",
    "international": "ngo", "committee": "ngo", "church": "religious", "union": "civilians",
}
#: Last words that make a PERSON or ORG entity a street, road or building: the small model
#: tags "N. Bedford Drive" and "Ainsworth Parade" as people, and addresses are never actors.
ADDRESS_HEADS = frozenset(("drive", "street", "st.", "road", "rd.", "avenue", "ave.",
                           "boulevard", "blvd.", "lane", "highway", "parade", "terrace",
                           "plaza", "square", "bridge", "parkway", "expressway", "freeway"))
#: Nouns a one-word name modifies when it names a place, not a person ("the Jaffna
#: peninsula", "Goma airport"), and prepositions whose object is a place when it is a bare
#: one-word name ("fighting near Goma", "advanced towards Kidal"). Read from NER errors on
#: wire copy (the small model tags unknown towns PERSON); a titled or two-word name is never
#: taken for a place.
PLACE_HEADS = frozenset(("peninsula", "province", "region", "district", "city", "town",
                         "village", "border", "airport", "port", "county", "valley", "river",
                         "camp", "governorate", "municipality", "prefecture", "area", "suburb",
                         "neighbourhood", "neighborhood", "outskirts"))
#: Prepositions that say where the subject acts ("threatened a curfew in Algiers").
LOCATIVE = frozenset(("in", "at", "inside", "across", "throughout"))
PLACE_PREPOSITIONS = LOCATIVE | frozenset(("near", "towards", "toward", "into", "outside",
                                           "around"))
_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A stable id fragment of a name: ``Tanju Bilgiç`` -> ``tanju-bilgic``."""
    from .kb import normalise

    return _SLUG.sub("-", normalise(text)).strip("-")


def _sentence_ends(doc: Any) -> list[int]:
    ends = [len(doc)] * len(doc)
    for sent in sentences(doc):
        for i in range(sent.start, sent.end):
            ends[i] = sent.end
    return ends


#: An all-capitals acronym of at least this many letters also matches its title-case form.
TITLE_ACRONYM_CHARS = 3


def _case_ok(text: str, actor: KBActor) -> bool:
    from .kb import normalise

    if len(normalise(text)) > SHORT_ALIAS_CHARS:
        return True
    bare = text.replace(".", "")
    names = (actor.name, *actor.aliases)
    if any(bare == a.replace(".", "") for a in names):
        return True
    # British style writes acronyms said as words in title case: "Nato", "Isis", "Eta".
    return len(bare) >= TITLE_ACRONYM_CHARS and bare.istitle() and any(
        a.isupper() and a.isalpha() and a.lower() == bare.lower() for a in names)


def _can_start_word(words: list[str], i: int) -> bool:
    """Whether a name can start at word ``i``: a capital, or a lower-case particle before
    one ("al Qaeda"). Read off the token texts (a ``Token`` per word costs more here)."""
    return words[i][:1].isupper() or (words[i].lower() in LOWER_STARTS and i + 1 < len(words)
                                      and words[i + 1][:1].isupper())


def _from_kb(span: Any, actor: KBActor, published: str | None) -> Mention:
    role = affiliation = None
    roles = actor.roles_at(published) if published and actor.roles else actor.roles[-1:]
    if roles:
        role, affiliation = roles[0].title, roles[0].affiliation
    return Mention(span.start, span.end, span.start_char, span.end_char, span.text, actor.id,
                   actor.name, actor.type, actor.country, "kb", role, affiliation, actor.kb)


def _person_blocks(doc: Any, start: int, end: int, actor: KBActor) -> bool:
    """A non-person KB match inside a longer PERSON entity ("Michael Jordan") is not it."""
    if actor.type == "person":
        return False
    tok = doc[start]
    inside = tok.ent_iob_ != "B"
    continues = end < len(doc) and doc[end].ent_iob_ == "I"
    if inside and not continues and start > 0 and opening_gerund(doc[start - 1]):
        return False  # "Rethinking Egypt-US relations": a headline's verb swept in, no name
    return bool(tok.ent_type_ == "PERSON" and (inside or continues))



#: Second halves of hyphenated compounds whose first half names an actor ("U.S.-led").
GLUED_SUFFIXES = frozenset(("led", "backed", "based", "allied", "funded", "supported",
                            "brokered", "sponsored", "aligned", "controlled", "held", "run"))


def _glued_prefix(tok: Any, kb: KnowledgeBase, published: str | None) -> Mention | None:
    """The actor in a token the tokenizer left whole: "U.S.-led" -> the United States."""
    head, sep, tail = tok.text.rpartition("-")
    if not sep or tail.lower() not in GLUED_SUFFIXES or not head:
        return None
    found = kb.at_date(head, published) if published else kb.lookup(head)
    if not found or not _case_ok(head, found[0]):
        return None
    actor = found[0]
    return Mention(tok.i, tok.i + 1, tok.idx, tok.idx + len(head), head, actor.id, actor.name,
                   actor.type, actor.country, "kb", kb=actor.kb)


def kb_mentions(doc: Any, kb: KnowledgeBase, published: str | None,
                ends: list[int]) -> list[Mention]:
    """Longest KB matches, left to right, never across a sentence end (``ends[i]``: the end
    of token ``i``'s sentence)."""
    out: list[Mention] = []
    # Token texts read once: a spaCy Span and its text are rebuilt on every access, and this
    # loop tries up to MAX_KB_TOKENS spans at every capitalised word.
    words = [t.text for t in tokens(doc)]
    spaces = [t.whitespace_ for t in tokens(doc)]
    n = len(words)
    i = 0
    while i < n:
        if not _can_start_word(words, i):
            i += 1
            continue
        hit = None
        for j in range(min(i + MAX_KB_TOKENS, ends[i]), i, -1):
            if not words[j - 1][:1].isalnum() or not kb.may_end(words[j - 1]):
                continue
            text = "".join(words[k] + spaces[k] for k in range(i, j - 1)) + words[j - 1]
            found = kb.at_date(text, published) if published else kb.lookup(text)
            if found and _case_ok(text, found[0]) and not _person_blocks(doc, i, j, found[0]):
                hit = (j, found[0])
                break
        if hit is None:
            glued = _glued_prefix(doc[i], kb, published)
            if glued is not None:
                out.append(glued)
            i += 1
            continue
        start = i + (doc[i].lower_ == "the" and hit[0] - i > 1)  # the article is not the name
        out.append(_from_kb(doc[start:hit[0]], hit[1], published))
        i = hit[0]
    return out


def _free(taken: list[bool], start: int, end: int) -> bool:
    return not any(taken[start:end])


def _mark(taken: list[bool], mentions: list[Mention]) -> None:
    for m in mentions:
        for k in range(m.start_tok, m.end_tok):
            taken[k] = True


def _merged_entities(doc: Any) -> list[Any]:
    """spaCy's entities, with PERSON entities that touch merged: the small model often splits
    long names ("Ibrahim Mahamadou" + "Tchiani")."""
    from spacy.tokens import Span as SpacySpan

    out: list[Any] = []
    for ent in entities(doc):
        prev = out[-1] if out else None
        if (prev is not None and ent.label_ == prev.label_ == "PERSON" and ent.start == prev.end
                and doc[prev.end - 1].whitespace_ == " "):
            out[-1] = SpacySpan(doc, prev.start, ent.end, label="PERSON")
        else:
            out.append(ent)
    return out


def surname_index(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """Last name -> ids of the KB persons who bear it: news names leaders by surname alone
    ("Bouteflika said"), an alias the dictionaries rarely list. Build once per KB."""
    from .kb import normalise

    index: dict[str, list[str]] = {}
    for actor in kb:
        if actor.type != "person":
            continue
        for name in {actor.name, *actor.aliases}:
            words = normalise(name).split()
            if len(words) >= 2 and len(words[-1]) > 2 and actor.id not in index.get(words[-1], []):
                index.setdefault(words[-1], []).append(actor.id)
    return {k: tuple(v) for k, v in index.items()}


def _by_surname(name: str, kb: KnowledgeBase, surnames: dict[str, tuple[str, ...]],
                published: str | None) -> KBActor | None:
    """The one KB person a lone surname can mean (in office at ``published`` if given)."""
    from .kb import normalise

    ids = surnames.get(normalise(name), ())
    people = [kb.by_id[i] for i in ids]
    if published:
        people = [p for p in people if p.roles_at(published)]
    return people[0] if len(people) == 1 else None


def _person(span: Any, lex: Lexicon, kb: KnowledgeBase, surnames: dict[str, tuple[str, ...]],
            published: str | None) -> Mention:
    """A PERSON entity: title words stripped from its front, then the KB (full name, else a
    lone surname), else a person no dictionary knows."""
    while len(span) > 1 and (span[0].lower_.rstrip(".") in lex.titles
                             or span[0].lower_.rstrip(".") in lex.honorifics):
        span = span[1:]
    text = span.text.strip()
    found = kb.at_date(text, published) if published else kb.lookup(text)
    actor = found[0] if found and found[0].type == "person" else None
    if actor is None and len(span) == 1:
        actor = _by_surname(text, kb, surnames, published)
    if actor is not None:
        return _from_kb(span, actor, published)
    return Mention(span.start, span.end, span.start_char, span.end_char, span.text,
                   f"P.{slug(text)}", text, "person", None, "ner")


def _generic_body(span: Any, lex: Lexicon) -> bool:
    """An ORG entity that is a generic body name ("Supreme Court", "Interior Ministry"): the
    agents lexicon codes it with the state a modifier gives ("Ivory Coast's"), where an
    ORG mention would stand for no country at all."""
    words = [t.lower_ for t in span if t.lower_ != "the"]
    return bool(words) and " ".join(words) in lex.agents


def _place_like(span: Any) -> bool:
    """A one-word PERSON entity in a place's slot: it modifies a place noun ("the Jaffna
    peninsula") or is the bare object of a locative preposition ("near Goma")."""
    if len(span) != 1:
        return False
    tok = span[0]
    head = tok.head
    if tok.dep_ == "compound" and head.lower_ in PLACE_HEADS:
        return True
    return (tok.dep_ == "pobj" and head.lower_ in PLACE_PREPOSITIONS
            and not any(c.dep_ in ("case", "poss") for c in tok.children))


def _place_names(doc: Any) -> frozenset[str]:
    """Names the document's entity model tags as a place (GPE, LOC) somewhere, less the last
    words of its longer PERSON names: one sense per discourse. The small model tags a town
    PERSON where the grammar looks like a person's ("Douma's fall would seal the rebels'
    defeat", after "the city of Douma"); the places stage keeps such a name a place, and
    the actors stage must not make a person of it ("Jordan" after "Michael Jordan" stays
    his surname)."""
    places, surnames = set(), set()
    for ent in _merged_entities(doc):
        if ent.label_ in ("GPE", "LOC"):
            places.add(ent.text)
        elif ent.label_ == "PERSON" and len(ent) > 1:
            surnames.add(ent[-1].text)
    return frozenset(places - surnames)


def ner_mentions(doc: Any, taken: list[bool], lex: Lexicon, kb: KnowledgeBase,
                 surnames: dict[str, tuple[str, ...]], published: str | None) -> list[Mention]:
    """PERSON and ORG entities the KB did not cover.

    An ORG right after a title ("spokesman Tanju Bilgic") is a person the model mislabelled;
    other ORGs are kept only with a telling head word ("... Party", "... Brigades") or as an
    acronym: an unknown ORG of no known kind is more often a place or product than an actor.
    """
    out: list[Mention] = []
    headline = headline_end(doc_text(doc))
    body = body_of(doc_text(doc), headline) if headline else ""
    places = _place_names(doc)
    for ent in _merged_entities(doc):
        if ent.label_ not in ("PERSON", "ORG") or not _free(taken, ent.start, ent.end):
            continue
        if ent.end_char <= headline and not named_again(ent, body):
            continue  # "OSCE Envoy Condemns Dvani Attack": a title-case guess, no one's name
        span = ent
        while len(span) > 1 and span[-1].text in ("'s", "’s", "'"):
            span = span[:-1]
        if ent.label_ == "PERSON" and len(span) > 1 and opening_gerund(span[0]):
            span = span[1:]  # "Rethinking Egypt-US relations": a headline's verb, no name
            if not _free(taken, span.start, span.end):
                continue
        text = span.text.strip()
        if not text or not text[0].isupper() or span[-1].lower_ in ADDRESS_HEADS:
            continue
        after_title = span.start > 0 and doc[span.start - 1].lower_ in lex.titles
        if ent.label_ == "ORG" and _generic_body(span, lex):
            continue  # "the Ivory Coast's Supreme Court": an agent phrase, with its modifier
        if ent.label_ == "PERSON" and not after_title and (
                _place_like(span) or (len(span) == 1 and span.text in places)):
            continue
        if ent.label_ == "PERSON" and len(span) == 1 and span[0].pos_ == "NOUN" and (
                span[0].lower_ in lex.agents or span[0].lemma_.lower() in lex.agents):
            continue  # "Kidnappers killed the store owner": a capitalised agent noun, no name
        if ent.label_ == "PERSON" or (after_title and len(span) >= 2):
            out.append(_person(span, lex, kb, surnames, published))
        elif span[-1].lower_ in ORG_HEADS or (text.isupper() and text.isalpha()):
            head = span[-1].lower_
            out.append(Mention(span.start, span.end, span.start_char, span.end_char, span.text,
                               f"ORG.{slug(text)}", text, ORG_HEADS.get(head, "other"), None,
                               "ner"))
    return out


def _agent_at(doc: Any, lowers: list[str], i: int, lex: Lexicon,
              limit: int) -> tuple[int, str, str] | None:
    """The longest agent phrase starting at token ``i``: (end token, phrase, code)."""
    if lowers[i] not in lex.agent_first_words:
        return None
    for j in range(min(i + lex.max_agent_tokens, limit), i, -1):
        phrase = " ".join(lowers[i:j])
        code = lex.agents.get(phrase)
        if code and doc[j - 1].pos_ in ("NOUN", "PROPN") and phrase not in lex.not_agents:
            return j, phrase, code
    return None


#: Prefixes that make a state name a stance, not a nationality: an "anti-Syria journalist"
#: is no Syrian, a "pro-Russia militia" no Russian force.
STANCE_PREFIXES = frozenset(("anti", "pro"))


def _stance_prefixed(doc: Any, start: int) -> bool:
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in STANCE_PREFIXES


def _left_neighbour(by_end: dict[int, Mention], doc: Any, start: int) -> Mention | None:
    """The mention that ends where token ``start`` begins, or before its "'s"."""
    left = by_end.get(start)
    if left is None and start > 0 and doc[start - 1].lower_ in ("'s", "’s"):
        left = by_end.get(start - 1)
    return left


def _modifier(by_end: dict[int, Mention], by_start: dict[int, Mention], doc: Any, start: int,
              end: int) -> tuple[Mention | None, int]:
    """The state (or group) that qualifies an agent phrase ("Syrian", "Syria's", "of / in
    Syria"), and the new start token."""
    left = _left_neighbour(by_end, doc, start)
    if left is not None and left.country and left.type in ("state", "government", "igo"):
        return left, left.start_tok
    return placed_in(doc, by_start, start, end), start


def _named_group(by_end: dict[int, Mention], doc: Any, start: int, lex: Lexicon,
                 code: str) -> Mention | None:
    """The named group whose own people an agent phrase at ``start`` is ("Hezbollah
    guerrillas", "Hamas's gunmen"): see ``member_sectors`` in data/actor_lexicon.yaml."""
    if code[:3] not in lex.member_sectors:
        return None
    left = _left_neighbour(by_end, doc, start)
    if left is None or left.type not in lex.member_of_types or left.actor_id.startswith("GEN."):
        return None
    return None if _stance_prefixed(doc, left.start_tok) else left


#: Institutions the agent dictionary codes as their staff ("prison" the police) whose name,
#: as the object of a preposition of place, is where someone is: "sentenced to 30 days in
#: prison", "appeared in court", "released from jail". There they are no actor.
PLACE_INSTITUTIONS = frozenset(("prison", "jail", "gaol", "penitentiary", "court",
                                "courthouse", "courtroom", "custody", "detention"))
_PLACE_PREPS = frozenset(("in", "to", "into", "from", "at", "out", "behind", "inside"))


def _institution_as_place(tok: Any) -> bool:
    return bool(tok.lower_ in PLACE_INSTITUTIONS and tok.dep_ == "pobj"
                and tok.head.lower_ in _PLACE_PREPS)


def _descriptor(doc: Any, taken: list[bool], start: int, end: int) -> int | None:
    """The token of a capitalised adjective no state stands for that qualifies the agent
    phrase ``start:end`` ("Kurdish militants", "Islamist rebels", "Shiite militias"), or None:
    part of the mention, since it says which of the story's militants these are (the
    annotators and the reader name them so), though it gives no country."""
    k = start - 1
    if k < 0 or taken[k]:
        return None
    tok = doc[k]
    if tok.pos_ in ("ADJ", "PROPN") and tok.dep_ in ("amod", "compound") \
            and tok.head.i == end - 1 and tok.is_title \
            and tok.ent_type_ in ("NORP", "") and not tok.is_sent_start:
        return k
    return None


def agent_mentions(doc: Any, taken: list[bool], known: list[Mention], lex: Lexicon,
                   kb: KnowledgeBase, ends: list[int]) -> list[Mention]:
    """Generic agents ("police", "rebels") with the country a modifier gives them."""
    by_end = {m.end_tok: m for m in known}
    by_start = {m.start_tok: m for m in known}
    lowers = [t.lower_ for t in tokens(doc)]
    out: list[Mention] = []
    i = 0
    while i < len(doc):
        hit = _agent_at(doc, lowers, i, lex, ends[i]) if not taken[i] else None
        if hit is None and not taken[i] and lowers[i] in lex.singled_out \
                and singled_out(doc[i], lex):
            hit = (i + 1, lowers[i], lex.singled_out[lowers[i]])
        if hit is None or not _free(taken, i, hit[0]) or (
                hit[0] < len(doc) and doc[hit[0]].ent_type_ == "PERSON"):
            i += 1
            continue
        end, phrase, code = hit
        if _institution_as_place(doc[end - 1]):
            i = end
            continue
        sector = lex.sector_of(code)
        group = _named_group(by_end, doc, i, lex, code)
        if group is not None:
            span = doc[i:end]
            out.append(Mention(i, end, span.start_char, span.end_char, span.text,
                               group.actor_id, group.name, group.type, group.country, "agent",
                               kb=group.kb))
            i = end
            continue
        mod, start = _modifier(by_end, by_start, doc, i, end)
        if mod is None and phrase in lex.singled_out:
            start = described_from(doc, taken, i)
        descriptor = _descriptor(doc, taken, start, end) if mod is None else None
        if descriptor is not None:
            start = descriptor
        country = mod.country if mod else None
        body = lex.agent_bodies.get(phrase, sector.body)
        if phrase in lex.singled_out:  # one of the story's people: "the man" is not "a woman"
            body = f"{body}.{SINGULAR.get(phrase, phrase)}"
            if another(doc[i]):  # "pulled a gun on another man": a second man
                body += SECOND
        actor_id = f"{country}.{body}" if country else f"GEN.{body}"
        kb_actor = kb.by_id.get(actor_id)
        name = kb_actor.name if kb_actor else (
            f"{mod.name} {phrase}" if mod else
            f"{doc[descriptor].text} {phrase}" if descriptor is not None else phrase)
        span = doc[start:end]
        out.append(Mention(start, end, span.start_char, span.end_char, span.text, actor_id,
                           name, kb_actor.type if kb_actor else sector.type, country, "agent",
                           kb=kb_actor.kb if kb_actor else None))
        i = end
    return out


def find_mentions(doc: Any, kb: KnowledgeBase, lex: Lexicon, published: str | None,
                  surnames: dict[str, tuple[str, ...]] | None = None) -> list[Mention]:
    """Every actor mention of ``doc`` in text order (KB, then NER, then agents)."""
    taken = dateline_tokens(doc)
    ends = _sentence_ends(doc)
    # "anti-Syria", "pro-Russia": a stance of whatever they qualify, no actor of the story
    elsewhere = cities_elsewhere(doc_text(doc), kb)
    kb_found = [m for m in kb_mentions(doc, kb, published, ends)
                if not (m.type == "state" and _stance_prefixed(doc, m.start_tok))
                and not any(taken[m.start_tok:m.end_tok])
                and not (m.type == "state" and m.text.lower() in elsewhere)]
    _mark(taken, kb_found)
    ner_found = ner_mentions(doc, taken, lex, kb, surnames or {}, published)
    _mark(taken, ner_found)
    agents = agent_mentions(doc, taken, kb_found + ner_found, lex, kb, ends)
    return sorted(conjoined_bodies(doc, kb_found + ner_found + agents, kb),
                  key=lambda m: (m.start, -m.end))
