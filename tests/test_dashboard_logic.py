"""The dashboard's pure parts, on hand-computed cases: labels, the elements to
talk about first, differences in pulling away, trend and chart geometry."""

from datetime import date, timedelta

import pytest

from couples.checkins import WeekCloseness
from dashboard.chart import ChartPoint, chart_points, closeness_chart, table_rows, trend, trend_caption
from assessments.scoring import Measure, how_often
from couples.comparison import Behaviour, Element, seen_differently, talk_first


def element(key="touch", mine=50, theirs=50, my_importance=3, their_importance=3):
    """A three-item element (12 points, steps of 8.33); tests/test_thresholds.py covers 2 and 4."""
    return Element(key, key.title(), mine, theirs, my_importance, their_importance, Measure(3, 12))


@pytest.mark.parametrize(
    "mine, theirs, label",
    [
        (67, 67, "strength"),  # 8 points each: both above 5/8 of 12
        (100, 67, "strength"),  # 4 points apart, but both strong: strength comes first
        (58, 100, "different"),  # 7 vs 12 points: more than 3 apart
        (58, 83, None),  # 7 vs 10: one step a question
        (33, 33, "growth"),  # 4 points each: below 3/8 of 12
        (0, 33, "growth"),  # both low: growth comes first
        (42, 8, "different"),  # 5 vs 1 points
        (42, 17, None),  # 5 vs 2: within wobble
        (50, 75, None),  # exactly one category on every item
        (60, 60, None),
    ],
)
def test_labels_follow_the_documented_thresholds(mine, theirs, label):
    assert element(mine=mine, theirs=theirs).label == label


def test_label_text():
    assert element(mine=83, theirs=92).label_text == "Shared strength"
    assert element(mine=17, theirs=25).label_text == "Shared growth area"
    assert element(mine=17, theirs=83).label_text == "Seen differently"
    assert element(mine=58, theirs=58).label_text == ""


def test_priority_is_the_room_both_see_times_both_importances():
    # (24 - points - points) / 3 items x (importance + importance)
    assert element(mine=100, theirs=50, my_importance=5, their_importance=5).priority == 20  # (24-12-6)/3 x 10
    assert element(mine=0, theirs=0, my_importance=1, their_importance=1).priority == 16  # 24/3 x 2
    assert element(mine=50, theirs=50, my_importance=4, their_importance=3).priority == 28  # 12/3 x 7


def test_talk_first_ranks_by_priority_not_by_gap_alone():
    elements = [
        element("touch", 100, 17, 1, 1),  # 12 vs 2 points: different, priority 10/3 x 2 = 6.7
        element("eye_contact", 83, 42, 5, 5),  # 10 vs 5: different, 9/3 x 10 = 30
        element("openness", 25, 25, 4, 4),  # both low: growth, 18/3 x 8 = 48
        element("ease", 50, 58, 5, 5),  # within wobble: never suggested
        element("connection", 42, 75, 5, 5),  # 5 vs 9: different, 10/3 x 10 = 33.3
    ]
    assert [e.key for e in talk_first(elements)] == ["openness", "connection"]
    assert [e.key for e in talk_first(elements, count=5)] == ["openness", "connection", "eye_contact", "touch"]


def test_talk_first_breaks_ties_by_importance_then_order():
    elements = [
        element("touch", 17, 17, 1, 1),  # growth: 20/3 x 2 = 13.3
        element("eye_contact", 17, 17, 1, 1),  # the same again, later in the questionnaire
        element("openness", 50, 8, 2, 2),  # 6 vs 1: different, 17/3 x 4 = 22.7
    ]
    assert [e.key for e in talk_first(elements, count=3)] == ["openness", "touch", "eye_contact"]


def test_talk_first_is_empty_when_every_gap_is_wobble():
    assert talk_first([element(mine=50, theirs=75), element("care", 58, 58)]) == []


def test_every_element_has_its_own_prompt():
    from assessments.instruments import get_instrument
    from couples.comparison import PROMPTS

    assert set(PROMPTS) == {d.key for d in get_instrument("intimacy").dimensions}
    assert len(set(PROMPTS.values())) == len(PROMPTS)


def test_seen_differently_names_every_clear_difference_either_way():
    rows = [
        Behaviour("criticism", "Finding fault", 25, 75),  # +2 categories, one side often
        Behaviour("over_helping", "Over-helping", 100, 50),  # -2
        Behaviour("negativity", "Expecting the worst", 0, 25),  # one category: wobble
        Behaviour("substances", "Leaning on a drink", 0, 0),
        Behaviour("busy_avoidance", "Staying busy", 0, 100),  # +4: first
    ]
    assert [b.key for b in seen_differently(rows)] == ["busy_avoidance", "criticism", "over_helping"]
    assert rows[0].difference == 50 and rows[1].difference == -50


def test_how_often_in_words():
    assert [how_often(v) for v in (0, 25, 50, 75, 100)] == ["never", "rarely", "sometimes", "often", "very often"]


@pytest.mark.parametrize(
    "values, direction",
    [
        ([5, 6, 7], None),  # three check-ins: too few to say
        ([5, 5, 5, 5, 5, 5], 0),
        ([7, 7, 7, 5, 5, 5], -1),  # 7 to 5: down
        ([5, 5, 5, 7, 7, 7], 1),
        ([6, 6, 6, 6, 6, 7], 0),  # +0.33: steady
        ([6, 6, 6, 6, 7, 7], 1),  # +0.67
        ([1, 1, 1, 9, 9, 9, 5, 5, 5, 5, 5, 5], 0),  # only the last six count
        ([8, 8, 7, 7], -1),  # four: two against two
    ],
)
def test_trend(values, direction):
    assert trend(values) == direction


def test_trend_caption_is_honest_about_dips():
    assert "both been feeling less close" in trend_caption(-1, -1, "Bob")
    assert "about level for both" in trend_caption(0, 0, "Bob")
    assert "both been feeling closer" in trend_caption(1, 1, "Bob")
    mixed = trend_caption(1, -1, "Bob")
    assert "you have been feeling closer" in mixed and "Bob has been feeling less close" in mixed
    assert "ask Bob" in mixed
    assert "ask Bob" not in trend_caption(1, 0, "Bob")
    assert "few more weeks" in trend_caption(None, None, "Bob")
    assert "enough weeks you've both checked in to show how it's going for Bob" in trend_caption(0, None, "Bob")


def test_chart_geometry_by_hand():
    monday = date(2026, 1, 5)
    points = [
        ChartPoint(monday, 10, 1),
        ChartPoint(monday + timedelta(weeks=1), None, 1),  # a skipped week
        ChartPoint(monday + timedelta(weeks=2), 1, None),
    ]
    chart = closeness_chart(points, width=126, height=100)
    # Plot area: x from 26 to 118 (step 46), y from 10 (value 10) to 76 (value 1).
    assert (chart.left, chart.right, chart.bottom) == (26, 118, 76)
    assert chart.you.path == "M26.0 10.0 M118.0 76.0"  # the gap breaks the line
    assert chart.partner.path == "M26.0 76.0 L72.0 76.0"
    assert chart.y_ticks == [(76.0, 1), (54.0, 4), (32.0, 7), (10.0, 10)]
    assert chart.x_ticks == [(26.0, monday), (118.0, monday + timedelta(weeks=2))]


def test_one_week_sits_in_the_middle():
    chart = closeness_chart([ChartPoint(date(2026, 1, 5), 5, None)], width=126, height=100)
    assert chart.you.path == "M72.0 46.7"  # 10 + 5 x 66/9: a single dot
    assert chart.dot == 8
    assert chart.partner.path == ""


def test_chart_points_fill_calendar_weeks_and_stop_at_a_year():
    current = date(2026, 11, 23)
    def week(n, mine, theirs):
        return WeekCloseness(current - timedelta(weeks=n), mine, theirs)

    points = chart_points([week(0, None, 4), week(2, 6, None), week(3, 5, 5)], current)
    assert [(p.week_start, p.mine, p.theirs) for p in points] == [
        (current - timedelta(weeks=3), 5, 5),
        (current - timedelta(weeks=2), 6, None),
        (current - timedelta(weeks=1), None, None),
        (current, None, 4),
    ]
    assert len(chart_points([week(0, 5, 5), week(200, 5, 5)], current)) == 52
    assert chart_points([], current) == []


def test_table_rows_newest_first_with_a_dash_for_a_missed_week():
    points = [
        ChartPoint(date(2025, 12, 22), 6, None),
        ChartPoint(date(2025, 12, 29), None, None),  # nobody checked in: no row
        ChartPoint(date(2026, 1, 5), 7, 9),
    ]
    assert [(r.week, r.mine, r.theirs) for r in table_rows(points)] == [("5 Jan 2026", 7, 9), ("22 Dec 2025", 6, "–")]


def test_axis_labels_sit_just_outside_the_plot():
    chart = closeness_chart([ChartPoint(date(2026, 1, 5), 5, 5)], width=360, height=200)
    assert (chart.left, chart.y_label_x) == (26, 20)
    assert (chart.bottom, chart.x_label_y) == (176, 194)
