"""Charts as geometry: scales, ticks, bars and points, and how every figure is shown."""

from collections.abc import Sequence
from datetime import date

import pytest

from frontdoor.reporting.charts import LABEL_CHARACTERS, draw, format_value, nice_ticks
from frontdoor.reporting.tables import Cell, Chart, Column, ColumnKind, Table


def table(
    rows: Sequence[tuple[Cell, ...]], *, kind: str = "bar", value_kind: ColumnKind = "count"
) -> Table:
    return Table(
        key="sources",
        title="Contacts by source",
        columns=(Column("source", "Source", "text"), Column("contacts", "Contacts", value_kind)),
        rows=tuple(rows),
        chart=Chart(kind, "source", "contacts"),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        (1234, "count", "1,234"),
        (0, "count", "0"),
        (12.345, "percent", "12.3%"),
        (100.0, "percent", "100.0%"),
        (2.46, "average", "2.5"),
        (3.25, "hours", "3.2 hours"),
        (None, "percent", "–"),
        (None, "count", "–"),
        ("Police", "text", "Police"),
        (date(2025, 3, 2), "date", "2 March 2025"),
    ],
)
def test_each_kind_of_figure_is_shown_as_the_tables_promise(value, kind, shown):
    assert format_value(value, kind) == shown


@pytest.mark.parametrize(
    ("low", "high", "whole", "ticks"),
    [
        (0, 100, False, [0, 25, 50, 75, 100]),
        (0, 7, True, [0, 2, 4, 6, 8]),
        (0, 3, True, [0, 1, 2, 3]),
        (0, 0, True, [0, 1]),
        (0, 0.3, False, [0, 0.1, 0.2, 0.3]),
        (0, 1234, True, [0, 500, 1000, 1500]),
        (-5, 10, True, [-5, 0, 5, 10]),
    ],
)
def test_ticks_are_round_numbers_covering_every_value(low, high, whole, ticks):
    assert nice_ticks(low, high, whole=whole) == ticks


def test_bar_lengths_are_proportional_to_the_figures():
    chart = draw(table([("Police", 10), ("Health", 20), ("Schools", 40)]))
    assert chart is not None
    police, health, schools = chart.bars
    assert health.width == pytest.approx(2 * police.width)
    assert schools.width == pytest.approx(4 * police.width)
    assert all(bar.x == chart.baseline == chart.plot_left for bar in chart.bars)
    # One bar per row, top to bottom, none overlapping.
    assert police.y + police.height < health.y < schools.y


def test_the_ticks_span_the_plot_and_are_labelled():
    chart = draw(table([("Police", 10), ("Health", 20), ("Schools", 40)]))
    assert chart is not None
    assert [tick.label for tick in chart.ticks] == ["0", "10", "20", "30", "40"]
    assert chart.ticks[0].position == chart.plot_left
    assert chart.ticks[-1].position == chart.plot_right
    assert chart.bars[2].x + chart.bars[2].width == chart.plot_right


def test_percentages_are_ticked_with_a_percent_sign():
    chart = draw(table([("Police", 80.0), ("Health", 12.5)], value_kind="percent"))
    assert chart is not None
    assert [tick.label for tick in chart.ticks] == ["0%", "25%", "50%", "75%", "100%"]
    assert [bar.value_label for bar in chart.bars] == ["80.0%", "12.5%"]


def test_the_description_names_the_highest_and_lowest():
    chart = draw(table([("Police", 10), ("Health", 20), ("Schools", 40)]))
    assert chart is not None
    assert chart.title == "Contacts by source"
    assert chart.description == (
        "Bar chart of contacts by source. Highest: Schools, 40. Lowest: Police, 10."
    )


def test_a_table_with_no_rows_or_no_chart_draws_nothing():
    assert draw(table([])) is None
    plain = Table("t", "T", (Column("a", "A", "text"),), (("x",),))
    assert draw(plain) is None


def test_a_table_whose_figures_are_all_missing_draws_nothing():
    assert draw(table([("Police", None), ("Health", None)])) is None


def test_all_zeros_draws_empty_bars_on_a_zero_to_one_scale():
    chart = draw(table([("Police", 0), ("Health", 0)]))
    assert chart is not None
    assert [tick.label for tick in chart.ticks] == ["0", "1"]
    assert [bar.width for bar in chart.bars] == [0, 0]
    assert [bar.value_label for bar in chart.bars] == ["0", "0"]
    assert "Every figure is 0." in chart.description


def test_a_missing_figure_has_no_bar_and_is_named_in_the_description():
    chart = draw(table([("Police", 4), ("Health", None)]))
    assert chart is not None
    police, health = chart.bars
    assert police.width > 0
    assert (health.value, health.width, health.value_label) == (None, 0, "–")
    assert "No figure for Health." in chart.description


def test_long_labels_are_shortened_beside_the_bar_but_kept_whole():
    name = "Health services – other primary health services"
    chart = draw(table([(name, 3)]))
    assert chart is not None
    [bar] = chart.bars
    assert bar.full_label == name
    assert len(bar.label) == LABEL_CHARACTERS
    assert bar.label.endswith("…")


def test_a_line_runs_left_to_right_higher_for_bigger_figures():
    months = [("January 2025", 5), ("February 2025", 10), ("March 2025", 0)]
    chart = draw(table(months, kind="line"))
    assert chart is not None
    january, february, march = chart.points
    assert january.x == chart.plot_left
    assert march.x == chart.plot_right
    assert february.x == pytest.approx((january.x + march.x) / 2)
    assert february.y < january.y < march.y == chart.baseline
    assert chart.path.startswith(f"M{january.x:g},{january.y:g} L")
    assert chart.description == (
        "Line chart of contacts by source. From 5 (January 2025) to 0 (March 2025). "
        "Highest: February 2025, 10. Lowest: March 2025, 0."
    )


def test_a_missing_month_breaks_the_line_and_has_no_point():
    months = [("Jan", 5), ("Feb", None), ("Mar", 7), ("Apr", 8)]
    chart = draw(table(months, kind="line"))
    assert chart is not None
    assert [point.label for point in chart.points] == ["Jan", "Mar", "Apr"]
    assert chart.path.count("M") == 2
    assert chart.path.count("L") == 1


def test_a_single_point_sits_in_the_middle():
    chart = draw(table([("Jan", 5)], kind="line"))
    assert chart is not None
    [point] = chart.points
    assert point.x == pytest.approx((chart.plot_left + chart.plot_right) / 2)


def test_a_long_line_labels_only_some_months():
    months = [(f"Month {index}", index) for index in range(60)]
    chart = draw(table(months, kind="line"))
    assert chart is not None
    assert len(chart.points) == 60
    assert 2 <= len(chart.axis_labels) <= 6
    assert chart.axis_labels[0].text == "Month 0"
