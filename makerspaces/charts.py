"""Small bar charts drawn as inline SVG on the server, so they need no JavaScript.

A chart is a list of bars, one per statistic, all in one unit. Each bar has
its label on a line of its own above it, which keeps the chart readable on a
narrow phone where the SVG is scaled down.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext, ngettext

WIDTH = 360
LABEL_LINE = 16
BAR_HEIGHT = 14
ROW_HEIGHT = 40
# Bars in one chart at most: more would not fit a phone's screen.
MAX_BARS = 20
# Room kept right of a short bar for its value written beside it.
VALUE_ROOM = 150


@dataclass
class Bar:
    label: str
    value_text: str
    url: str
    is_plan: bool
    y: float
    length: float
    range_length: float
    text_x: float
    text_inside: bool

    @property
    def label_y(self):
        return self.y - 4

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT - 3


@dataclass
class BarChart:
    chart_id: str
    title: str
    description: str
    bars: list

    width = WIDTH
    bar_height = BAR_HEIGHT

    @property
    def height(self):
        return len(self.bars) * ROW_HEIGHT + 4

    @property
    def has_plans(self):
        return any(bar.is_plan for bar in self.bars)


def bar_chart(statistics, label, *, title, chart_id, description=""):
    """A chart of ``statistics`` (one unit), each bar named by ``label(statistic)``."""
    statistics = list(statistics)
    top = max((s.value_max if s.value_max is not None else s.value for s in statistics), default=0)
    bars = []
    for index, statistic in enumerate(statistics):
        length = float(statistic.value / top * WIDTH) if top else 0.0
        upper = statistic.value_max if statistic.value_max is not None else statistic.value
        range_length = float((upper - statistic.value) / top * WIDTH) if top else 0.0
        end = length + range_length
        inside = end > WIDTH - VALUE_ROOM
        bars.append(
            Bar(
                label=gettext("%(label)s (plan)") % {"label": label(statistic)}
                if statistic.is_plan
                else label(statistic),
                value_text=statistic.value_display,
                url=statistic.source.get_absolute_url(),
                is_plan=statistic.is_plan,
                y=index * ROW_HEIGHT + LABEL_LINE + 2,
                length=round(max(length, 1.0), 1),
                range_length=round(range_length, 1),
                text_x=round(end - 4 if inside else end + 4, 1),
                text_inside=inside,
            )
        )
    return BarChart(chart_id=chart_id, title=title, description=description, bars=bars)


def by_metric_and_unit(statistics):
    """Group statistics by (metric, unit): only figures in one unit share a scale."""
    groups = defaultdict(list)
    for statistic in statistics:
        groups[(statistic.metric, statistic.unit)].append(statistic)
    return groups


def unit_suffix(statistics):
    if not statistics or statistics[0].unit == "count":
        return ""
    return gettext(" (%(unit)s)") % {"unit": statistics[0].get_unit_display()}


def time_series_charts(statistics, prefix):
    """A chart per metric that the statistics give at two or more dates, oldest first."""
    charts = []
    for (metric, unit), group in by_metric_and_unit(statistics).items():
        if len({s.as_of for s in group}) < 2:
            continue
        group.sort(key=lambda s: (s.as_of, s.is_plan, s.pk))
        charts.append(
            bar_chart(
                group,
                lambda s: s.as_of_display,
                title=gettext("%(metric)s%(unit)s over time")
                % {"metric": metric.name_text, "unit": unit_suffix(group)},
                description=ngettext(
                    "%(count)s figure from %(first)s to %(last)s.",
                    "%(count)s figures from %(first)s to %(last)s.",
                    len(group),
                )
                % {"count": len(group), "first": group[0].as_of_display, "last": group[-1].as_of_display},
                chart_id=f"{prefix}-{slugify(metric.slug)}-{unit}",
            )
        )
    return charts


def comparison_charts(statistics, prefix):
    """A chart per metric that two or more subjects report: each subject's latest observed figure, largest first."""
    charts = []
    for (metric, unit), group in by_metric_and_unit(statistics).items():
        latest = {}
        for statistic in sorted(group, key=lambda s: (not s.is_plan, s.as_of, s.pk)):
            # Observations sort after plans and later dates after earlier ones, so the last one wins.
            latest[statistic.subject] = statistic
        if len(latest) < 2:
            continue
        chosen = sorted(latest.values(), key=lambda s: (-s.value, str(s.subject)))
        charts.append(
            bar_chart(
                chosen,
                lambda s: str(s.subject),
                title=gettext("%(metric)s%(unit)s: compared")
                % {"metric": metric.name_text, "unit": unit_suffix(chosen)},
                description=ngettext(
                    "Latest figure for each of %(count)s place.",
                    "Latest figure for each of %(count)s places.",
                    len(chosen),
                )
                % {"count": len(chosen)},
                chart_id=f"{prefix}-{slugify(metric.slug)}-{unit}",
            )
        )
    return charts
