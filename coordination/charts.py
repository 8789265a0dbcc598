"""Server-rendered SVG charts for the manager's dashboard: no JavaScript, no CDN.

Every chart is an <svg role="img"> with a <title> and <desc> for screen readers; the page
always puts a table with the same numbers next to it, so the chart is never the only way in.
"""
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# Colours chosen for at least 3:1 contrast against white (WCAG 2.1, 1.4.11 non-text).
SERIES_COLOURS = ("#0b5394", "#8a4b00", "#3b6e22")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float


def _svg(*, chart_id: str, title: str, desc: str, width: int, height: int, body) -> SafeString:
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="{}" height="{}" '
        'aria-labelledby="{}-title {}-desc" data-testid="{}" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        width, height, width, height, chart_id, chart_id, chart_id, chart_id, title, chart_id,
        desc, body,
    )


def bar_chart(bars: list[Bar], *, chart_id: str, title: str, desc: str) -> SafeString:
    """Horizontal bars, one per label, scaled to the largest value (at least 1)."""
    label_width, bar_area, row_height = 220, 360, 28
    width = label_width + bar_area + 60
    height = max(1, len(bars)) * row_height + 10
    largest = max([b.value for b in bars] + [1])
    rows = []
    for index, bar in enumerate(bars):
        y = 5 + index * row_height
        length = round(bar_area * bar.value / largest) if bar.value else 0
        rows.append(
            (
                label_width - 8, y + 18, _truncate(bar.label, 30),
                label_width, y + 4, length, SERIES_COLOURS[0],
                label_width + length + 6, y + 18, number_format(bar.value),
            )
        )
    body = format_html_join(
        "",
        '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="18" fill="{}"></rect>'
        '<text class="chart-value" x="{}" y="{}">{}</text>',
        rows,
    )
    axis = format_html(
        '<line class="chart-axis" x1="{}" y1="0" x2="{}" y2="{}"></line>',
        label_width, label_width, height,
    )
    return _svg(chart_id=chart_id, title=title, desc=desc, width=width, height=height,
                body=axis + body)


def grouped_column_chart(
    groups: list[tuple[str, list[float | None]]],
    *,
    series: list[str],
    maximum: float,
    chart_id: str,
    title: str,
    desc: str,
) -> SafeString:
    """Columns per group (a month), one per series, on a fixed 0..maximum scale; a legend
    below names the series. None values draw nothing."""
    left, top, plot_height, column, gap = 40, 10, 160, 18, 22
    group_width = column * len(series) + gap
    width = max(360, left + max(1, len(groups)) * group_width + 10)
    legend_y = top + plot_height + 40
    height = legend_y + 20 * len(series)
    grid = []
    for step in range(int(maximum) + 1):
        y = top + plot_height - plot_height * step / maximum
        grid.append((left, y, width - 5, y, left - 6, y + 4, number_format(step)))
    parts = [
        format_html_join(
            "",
            '<line class="chart-grid" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
            '<text class="chart-value" x="{}" y="{}" text-anchor="end">{}</text>',
            grid,
        )
    ]
    for index, (label, values) in enumerate(groups):
        x0 = left + gap / 2 + index * group_width
        for number, value in enumerate(values):
            if value is None:
                continue
            h = plot_height * value / maximum
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>',
                    x0 + number * column, round(top + plot_height - h, 1), column - 2,
                    round(h, 1), SERIES_COLOURS[number % len(SERIES_COLOURS)],
                )
            )
        parts.append(
            format_html(
                '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                x0 + column * len(series) / 2, top + plot_height + 18, label,
            )
        )
    for number, name in enumerate(series):
        y = legend_y + 20 * number
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}"></rect>'
                '<text class="chart-label" x="{}" y="{}">{}</text>',
                left, y - 10, SERIES_COLOURS[number % len(SERIES_COLOURS)], left + 18, y, name,
            )
        )
    return _svg(chart_id=chart_id, title=title, desc=desc, width=width, height=height,
                body=mark_safe("".join(parts)))  # noqa: S308 - every part is format_html


def _truncate(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
