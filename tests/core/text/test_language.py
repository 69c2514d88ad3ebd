from pathlib import Path

import pytest

from reader.core.text.document import load_document
from reader.core.text.language import other_language

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.mark.parametrize("path", sorted((DATA / "id-news").glob("*.txt")) + [DATA / "seed" / "000_12db35e2f43f4474.txt"], ids=lambda p: p.name)
def test_real_indonesian_news_is_taken_for_indonesian(path):
    assert other_language(load_document(path)) is None


def _post(tmp_path, text):
    path = tmp_path / "post.txt"
    path.write_text(text, encoding="utf-8")
    return load_document(path)


def test_an_english_post_is_named_english(tmp_path):
    document = _post(
        tmp_path,
        "A report in English\n\nThe government announced a new economic package on Monday. It includes "
        "tax incentives for small and medium businesses, and the minister said that it would be "
        "followed by support for exporters in the coming months.\n",
    )
    assert other_language(document) == "English"


def test_a_dutch_post_is_another_language(tmp_path):
    document = _post(
        tmp_path,
        "Een bericht\n\nDe regering heeft maandag een nieuw economisch pakket aangekondigd. Het bevat "
        "belastingvoordelen voor kleine en middelgrote bedrijven, en de minister zei dat er in de "
        "komende maanden steun voor exporteurs zal volgen.\n",
    )
    assert other_language(document) == "another language"


def test_a_very_short_post_gets_no_verdict(tmp_path):
    assert other_language(_post(tmp_path, "Hello\n\nThe end of the story.\n")) is None
