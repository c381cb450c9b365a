"""Registries of the seams: a name is claimed once; registering the same record again is harmless."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dauys.core.seams import Registry


@dataclass(frozen=True)
class Record:
    name: str
    size: int


def test_a_name_takes_the_same_or_an_equal_item_again_and_refuses_another() -> None:
    registry: Registry[Record] = Registry("record")
    first = registry.add("a", Record("a", 1))
    assert registry.add("a", first) is first
    registry.add("a", Record("a", 1))  # a decorator that builds its record anew, run again
    with pytest.raises(ValueError, match="record 'b' is already registered"):
        registry.add("b", Record("b", 2))
        registry.add("b", Record("b", 3))
    assert registry.items() == [("a", first), ("b", Record("b", 2))]
    assert "b" in registry and registry.get("c") is None
    with pytest.raises(KeyError, match="no record named 'c'"):
        registry["c"]
