from pathlib import Path

from assessments.instruments import current_instruments
from assessments.scoring import DIFFERENT_GAP, GROWTH_AT_MOST, NOISE_BELOW, STRENGTH_AT_LEAST

DOC = (Path(__file__).parents[1] / "docs" / "questionnaires.md").read_text()


def test_every_item_is_documented_with_its_wording():
    for instrument in current_instruments():
        for item in instrument.items:
            assert f"| `{item.key}` | {item.text} |" in DOC, item.key


def test_thresholds_in_the_docs_match_the_code():
    assert f"both partners {STRENGTH_AT_LEAST} or more" in DOC
    assert f"both partners {GROWTH_AT_MOST} or less" in DOC
    assert f"{DIFFERENT_GAP} or more points apart" in DOC
    assert f"under {NOISE_BELOW} points" in DOC
