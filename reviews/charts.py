"""Charts drawn on the server as SVG geometry, so they read without JavaScript; templates draw the shapes."""

from dataclasses import dataclass

WIDTH, HEIGHT, GAP, LABEL_HEIGHT = 640, 200, 4, 20


@dataclass
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


def bar_chart(data: list[tuple[object, int]]) -> dict:
    """Bars for (label, value) pairs scaled to the chart, with the chart's size for the template."""
    if not data:
        return {"bars": [], "width": WIDTH, "height": HEIGHT + LABEL_HEIGHT}
    top = max(value for _, value in data) or 1
    width = WIDTH / len(data)
    bars = []
    for position, (label, value) in enumerate(data):
        height = HEIGHT * value / top
        bars.append(Bar(str(label), value, position * width + GAP / 2, HEIGHT - height, width - GAP, height))
    return {"bars": bars, "width": WIDTH, "height": HEIGHT + LABEL_HEIGHT, "baseline": HEIGHT}


def shade(count: int, maximum: int) -> float:
    """Fill opacity for a heatmap cell: zero is blank, the maximum is solid."""
    return round(0.15 + 0.85 * count / maximum, 2) if count and maximum else 0.0
