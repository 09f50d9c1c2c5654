from pathlib import Path

from assessments import scoring
from assessments.instruments import REGISTRY

DOC = (Path(__file__).parents[1] / "docs" / "questionnaires.md").read_text()


def item_list(key: str, version: int) -> str:
    """The doc's item list of one version: from its heading to the next heading."""
    start = DOC.index(f"(`{key}`, version {version}) — item list")
    end = DOC.find("\n#", start)
    return DOC[start : end if end != -1 else None]


def test_every_item_of_every_version_is_documented_with_its_wording():
    for versions in REGISTRY.values():
        for instrument in versions.values():
            listing = item_list(instrument.key, instrument.version)
            for item in instrument.items:
                assert f"| `{item.key}` | {item.text} |" in listing, (instrument.version, item.key)
            for question in instrument.open_questions:
                assert f"| `{question.key}` | {question.text} | {question.help_text} |" in listing, question.key
            for section in instrument.sections:
                assert f"**Page: {section.title}** (`{section.key}`)" in listing, section.key


def test_cut_offs_in_the_docs_match_the_code():
    assert f"wobble of **{scoring.WOBBLE} category**" in DOC
    assert f"above **{scoring.STRONG_ABOVE[0]}/{scoring.STRONG_ABOVE[1]}** of the most points" in DOC
    assert f"below **{scoring.LOW_BELOW[0]}/{scoring.LOW_BELOW[1]}** of the most points" in DOC
    assert f"at least **{scoring.CALLOUT_APART} categories** apart" in DOC
