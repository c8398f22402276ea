"""Pure rules of ratings: scales, reasons, the window, the figures and the alert."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.ratings.rules.figures import low_score_check, satisfaction
from server.ratings.rules.months import month_bounds, month_of, parse_month
from server.ratings.rules.scales import (
    REASON_CODES,
    SCALE_FIVE,
    SCALE_THREE,
    RatingRefused,
    check_answer,
    check_window,
    levels,
)


def test_average_of_5_1_4_is_3_33_and_share_satisfied_counts_4_and_5():
    s = satisfaction([5, 1, 4])
    assert s.average == 3.33
    assert s.satisfied_share == pytest.approx(0.6667)
    assert s.ratings == 3
    assert satisfaction([]).average is None


def test_average_rounds_half_up():
    assert satisfaction([4, 5, 5, 5, 5, 5, 5, 5]).average == 4.88  # 4.875
    assert satisfaction([3, 4]).average == 3.5


def test_a_low_score_needs_a_reason():
    with pytest.raises(RatingRefused) as err:
        check_answer(2, [], None, SCALE_FIVE)
    assert err.value.code == "rating.reason_required" and err.value.status == 400
    assert check_answer(1, ["unfriendly", "unfriendly"], None, SCALE_FIVE) == ["unfriendly"]


def test_unknown_reason_and_bad_score_are_refused():
    with pytest.raises(RatingRefused) as err:
        check_answer(1, ["rude_weather"], None, SCALE_FIVE)
    assert err.value.code == "rating.unknown_reason"
    with pytest.raises(RatingRefused) as err:
        check_answer(6, [], None, SCALE_FIVE)
    assert err.value.code == "rating.bad_score"


def test_a_high_score_keeps_no_reasons():
    assert check_answer(5, ["other"], "great", SCALE_FIVE) == []


def test_three_level_scale_maps_to_5_4_2():
    assert [lv.score for lv in levels(SCALE_THREE)] == [5, 4, 2]
    assert [lv.label_vi for lv in levels(SCALE_THREE)] == [
        "Rất hài lòng", "Hài lòng", "Không hài lòng"]
    with pytest.raises(RatingRefused):  # 3 is not a choice of the three-level scale
        check_answer(3, [], None, SCALE_THREE)
    with pytest.raises(RatingRefused):  # "không hài lòng" is low: it asks for a reason
        check_answer(2, [], None, SCALE_THREE)


def test_the_reasons_of_the_issue_are_all_there():
    assert REASON_CODES == {"waited_too_long", "unfriendly", "extra_papers", "unclear", "other"}


def test_the_window_closes_after_the_given_days():
    done = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
    check_window(done, done + timedelta(days=3), 3)
    with pytest.raises(RatingRefused) as err:
        check_window(done, done + timedelta(days=3, seconds=1), 3)
    assert err.value.code == "rating.window_closed" and err.value.status == 410


def test_low_score_alert_needs_enough_ratings_and_a_share_past_the_threshold():
    assert not low_score_check([1, 1], 0.3, 5).alert  # too few to tell
    check = low_score_check([1, 2, 5, 5, 4], 0.3, 5)
    assert check.alert and check.low == 2 and check.share == 0.4
    assert not low_score_check([1, 5, 5, 5, 4], 0.3, 5).alert


def test_months_in_the_center_time_zone():
    # 2026-11-30 20:00 UTC is already 1 December in Hanoi.
    assert month_of(datetime(2026, 11, 30, 20, 0, tzinfo=UTC), "Asia/Ho_Chi_Minh").month == 12
    start, end = month_bounds(parse_month("2026-12"), "Asia/Ho_Chi_Minh")
    assert start == datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    assert end == datetime(2026, 12, 31, 17, 0, tzinfo=UTC)
    assert parse_month("2026-13") is None
