from pathlib import Path

from assessments.instruments import current_instruments
from assessments import scoring

DOC = (Path(__file__).parents[1] / "docs" / "questionnaires.md").read_text()


def test_every_item_is_documented_with_its_wording():
    for instrument in current_instruments():
        for item in instrument.items:
            assert f"| `{item.key}` | {item.text} |" in DOC, item.key


def test_cut_offs_in_the_docs_match_the_code():
    assert f"wobble of **{scoring.WOBBLE} category**" in DOC
    assert f"above **{scoring.STRONG_ABOVE[0]}/{scoring.STRONG_ABOVE[1]}** of the most points" in DOC
    assert f"below **{scoring.LOW_BELOW[0]}/{scoring.LOW_BELOW[1]}** of the most points" in DOC
    assert f"at least **{scoring.CALLOUT_APART} categories** apart" in DOC
