"""The charts beside the tables: numbers in the page's language, labels that are neither clipped nor written
over each other, and a value axis that one outlier does not flatten."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import override

from polku.core.charts import CHAR_WIDTH
from polku.instruments.charts import RIGHT, WIDTH, change_chart
from polku.instruments.definitions import instrument_get
from polku.reporting.effectiveness import DomainTable, Figures
from polku.reporting.effectiveness_chart import LABEL, forest_plot
from polku.reporting.monitoring_charts import BOTTOM, HEIGHT, TOP, Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"
DECIMAL_MARK = {"fi": ",", "sv": ",", "en": "."}
LONG_NAME = (
    "Aikuissosiaalityön palvelutarpeen arvioinnin ja omatyöntekijyyden tiimi, Harjuniemen pohjoinen alue"
)


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  (our own markup)


def texts(svg: str) -> list[ET.Element]:
    return list(parsed(svg).iter(f"{SVG}text"))


def shown_text(element: ET.Element) -> str:
    """What a <text> shows: its own text and its children's tails, not its tooltip."""
    return "".join([element.text or "", *((child.tail or "") for child in element)])


def tooltip(element: ET.Element) -> str | None:
    title = element.find(f"{SVG}title")
    return None if title is None else title.text


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_chart_numbers_use_the_languages_decimal_mark(language: str) -> None:
    mark = DECIMAL_MARK[language]
    with override(language):
        line = line_chart(
            title="t", description="d", categories=["1/2025", "2/2025"], series=[Series("Tiimi", [87.5, 60])]
        )
        instrument = instrument_get("functional_capacity")
        assert instrument is not None
        at = datetime(2025, 3, 1, tzinfo=ZoneInfo("Europe/Helsinki"))
        change = change_chart(instrument, [(at, {"overall": 4.5, "skills": 6.25})], "t")
        table = DomainTable(
            domain="skills",
            title="Taidot",
            mid=1.5,
            total=Figures(value="", label="Kaikki", n=20, mean=0.5, ci_low=-0.25, ci_high=1.25),
        )
        forest = forest_plot(table, "t")
    assert f"Tiimi, 1/2025: 87{mark}5\u00a0%" in line
    labels = [shown_text(t) for t in texts(change)]
    assert any(label.endswith(f" 4{mark}5") for label in labels)
    assert any(label.endswith(f" 6{mark}3") for label in labels)  # 6.25 to one decimal, half up
    ticks = [shown_text(t) for t in texts(forest)]
    assert f"+1{mark}5" in ticks and f"−1{mark}5" in ticks
    other = "." if mark == "," else ","
    for svg in (line, change, forest):
        for element in texts(svg):
            undated = re.sub(r"\d{1,2}\.\d{1,2}\.\d{4}", "", shown_text(element))  # 1.3.2025 is a day
            assert not re.search(rf"\d\{other}\d", undated), shown_text(element)


def test_one_outlier_does_not_flatten_the_other_bars_and_its_value_is_written_on_it() -> None:
    with override("fi"):
        svg = bar_chart(
            title="Tavatut",
            description="d",
            categories=["1/2025", "2/2025", "3/2025", "4/2025"],
            series=[Series("Ihmisiä", [3, 4, 5, 99_999])],
        )
    root = parsed(svg)
    bars = {r.find(f"{SVG}title").text: float(r.get("height")) for r in root.iter(f"{SVG}rect")}  # type: ignore[union-attr]
    plot = HEIGHT - BOTTOM - TOP
    assert bars["Ihmisiä, 3/2025: 5"] > plot / 2  # readable, not a sliver
    assert bars["Ihmisiä, 4/2025: 99999"] == pytest.approx(plot)  # drawn to the top, cut
    assert root.find(f".//{SVG}path[@class='axis-break']") is not None
    outlier = root.find(f".//{SVG}text[@class='outlier-value']")
    assert outlier is not None and outlier.text == "99999"
    axis = [shown_text(t) for t in texts(svg) if t.get("text-anchor") == "end" and not t.get("transform")]
    assert axis[-1] != "99999" and int(axis[-1]) < 10


def test_long_labels_are_cut_to_their_room_with_the_whole_text_as_a_tooltip() -> None:
    with override("fi"):
        legend = line_chart(
            title="t",
            description="d",
            categories=[LONG_NAME, "2/2025"],
            series=[Series(LONG_NAME, [50, 60]), Series("Koivula", [70, 80])],
        )
        table = DomainTable(
            domain="overall",
            title="t",
            mid=1,
            total=Figures(value="", label="Kaikki", n=20, mean=0.5, ci_low=-0.25, ci_high=1.25),
            groups=[Figures(value="x", label=LONG_NAME, n=9, mean=0.4, ci_low=0.1, ci_high=0.7)],
        )
        forest = forest_plot(table, "t")
    for svg in (legend, forest):
        cut = [t for t in texts(svg) if tooltip(t) == LONG_NAME]
        assert cut, "the long name keeps its whole text as a tooltip"
        for element in cut:
            assert shown_text(element).endswith("…") and len(shown_text(element)) < len(LONG_NAME)
    # The forest plot's labels fit left of the plot: no wider than LABEL from their right end.
    for element in texts(forest):
        if element.get("class") == "series-label":
            assert len(shown_text(element)) * 12 * CHAR_WIDTH <= LABEL - 8
    assert "Koivula" in [shown_text(t) for t in texts(legend)]  # a short name is written whole


def test_the_end_labels_of_lines_ending_together_are_apart_and_within_the_chart() -> None:
    instrument = instrument_get("functional_capacity")
    assert instrument is not None
    at = datetime(2025, 3, 1, tzinfo=ZoneInfo("Europe/Helsinki"))
    every = {domain.id: 5.0 for domain in instrument.domains}
    with override("fi"):
        svg = change_chart(instrument, [(at, every), (at, every)], "t")
    labels = [t for t in texts(svg) if t.get("class") == "series-label"]
    ys = sorted(float(t.get("y", 0)) for t in labels)
    assert len(ys) == len(instrument.domains)
    assert all(b - a >= 14 for a, b in itertools.pairwise(ys))
    assert ys[0] >= 12 and ys[-1] <= 300
    for element in labels:  # each fits the room right of the plot
        assert len(shown_text(element)) * 12 * CHAR_WIDTH <= RIGHT - 12
        if tooltip(element):
            assert shown_text(element).split(" ")[0] in tooltip(element)  # type: ignore[operator]
    assert WIDTH - RIGHT + 12 + (RIGHT - 12) <= WIDTH
