"""The package diagram in docs/architecture.md is the code's: drawn again, it is unchanged."""

from __future__ import annotations

from tests.architecture import BEGIN, DOC, END, diagram, layers, rendered


def test_architecture_diagram_matches_the_imports():
    text = DOC.read_text(encoding="utf-8")

    assert BEGIN in text and END in text
    assert rendered(text) == text, "run `make architecture` and commit docs/architecture.md"


def test_diagram_draws_every_layer_and_no_arrow_up():
    order = {name: depth for depth, layer in enumerate(layers()) for name in layer}
    drawn = diagram()

    arrows = [line.split() for line in drawn.splitlines() if "-->|" in line]
    assert {"core", "plans", "planio", "reports"} <= set(order)
    assert arrows
    for source, _, target in arrows:
        assert order[source] < order[target], f"{source} imports {target}, a layer above it"
