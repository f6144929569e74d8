"""The record every actor recognition step produces: one span naming an actor."""

from __future__ import annotations

from dataclasses import dataclass

from flashpoint.model import ActorType


@dataclass(frozen=True)
class Mention:
    """One span naming an actor: where, which actor, and what the text says of it."""

    start_tok: int
    end_tok: int
    start: int
    end: int
    text: str
    actor_id: str
    name: str
    type: ActorType
    country: str | None
    source: str
    role: str | None = None
    affiliation: str | None = None
    kb: str | None = None
