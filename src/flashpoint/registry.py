"""Registries of swappable parts, under versioned names such as ``events.rules.v1``.

A pipeline is described by names, not objects (``PipelineConfig.components``), so a run is
reproducible from its configuration and a new coder is added by registering it, never by
editing the pipeline. A name that is not registered fails at start-up with the list of names
that are, not in the middle of a batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from .errors import ConfigError

T = TypeVar("T")


class Registry(Generic[T]):
    """A named collection of factories of one kind of part (a stage, a reader, a scorer)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator: register ``obj`` under ``name`` (``<kind>.<impl>.v<N>``)."""

        def deco(obj: T) -> T:
            if not name.startswith(f"{self.kind}.") or ".v" not in name:
                raise ConfigError(
                    f"component name {name!r} is not of the form '{self.kind}.<impl>.v<N>'",
                    fix="name components by stage, implementation and version",
                )
            if name in self._items and self._items[name] is not obj:
                raise ConfigError(f"{self.kind} component {name!r} is registered twice",
                                  fix="give the new implementation a new version number")
            self._items[name] = obj
            return obj

        return deco

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise ConfigError(f"no {self.kind} component named {name!r}",
                              fix=f"use one of: {known}") from None

    def names(self) -> list[str]:
        return sorted(self._items)

    def __contains__(self, name: object) -> bool:
        return name in self._items


#: One registry per swappable stage, keyed by the stage's field in ``PipelineConfig.components``.
#: Values are factories: ``factory(config) -> stage`` where a stage is ``Analysis -> tuple``
#: (the clean stage is ``RawDocument -> Cleaned``).
STAGES: dict[str, Registry[Callable[..., Callable[..., object]]]] = {
    kind: Registry(kind) for kind in ("clean", "actors", "events", "times", "geo", "quotes")
}
