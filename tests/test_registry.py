"""Swappable parts are found by versioned name, and bad names fail at start-up."""

from __future__ import annotations

import pytest

from flashpoint.config import PipelineConfig
from flashpoint.errors import ConfigError
from flashpoint.registry import STAGES, Registry


def test_registry_register_and_get() -> None:
    reg: Registry[int] = Registry("demo")
    reg.register("demo.one.v1")(1)
    assert reg.get("demo.one.v1") == 1
    assert "demo.one.v1" in reg
    assert reg.names() == ["demo.one.v1"]


@pytest.mark.parametrize("bad", ["one", "demo.one", "other.one.v1"])
def test_registry_rejects_unversioned_names(bad: str) -> None:
    with pytest.raises(ConfigError, match="not of the form"):
        Registry[int]("demo").register(bad)(1)


def test_registry_unknown_name_lists_known_ones() -> None:
    reg: Registry[int] = Registry("demo")
    reg.register("demo.one.v1")(1)
    with pytest.raises(ConfigError, match=r"use one of: demo\.one\.v1"):
        reg.get("demo.two.v1")


def test_registry_every_default_component_is_registered() -> None:
    import flashpoint.pipeline  # noqa: F401  (registers the stage modules)

    for stage, name in PipelineConfig().components.items():
        assert name in STAGES[stage], f"{stage}: {name} is not registered"


def test_registry_pipeline_refuses_unknown_component() -> None:
    from flashpoint.pipeline import Pipeline

    comps = dict(PipelineConfig().components, events="events.magic.v9")
    with pytest.raises(ConfigError, match=r"events\.magic\.v9"):
        Pipeline(PipelineConfig(components=comps))
