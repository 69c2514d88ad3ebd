"""The translation cache: each sentence's translation by each model (reader.core.translate.translation.TranslationCache)."""

from collections.abc import Mapping, Sequence

from reader.core.platform.clock import utc_now
from reader.core.store.database_file import guarded
from reader.core.store.connection import Connection, chunks
from reader.core.translate.confidence import SentenceScores


class Translations(Connection):
    @guarded
    def cached_translations(
        self, model: str, sources: Sequence[str], glossary_keys: Mapping[str, str] | None = None
    ) -> dict[str, str]:
        """The cached translations by `model` of those `sources` that have one; with glossary_keys,
        only those made with the glossary entries given for their source ('' when absent)."""
        found: dict[str, str] = {}
        for chunk in chunks(list(dict.fromkeys(sources))):
            marks = ", ".join("?" * len(chunk))
            for source, translation, glossary in self.conn.execute(
                f"SELECT source, translation, glossary FROM translations WHERE model = ? AND source IN ({marks})",
                [model, *chunk],
            ):
                if glossary_keys is None or glossary == glossary_keys.get(source, ""):
                    found[source] = translation
        return found

    def translations_by_model(self, sources: Sequence[str]) -> dict[str, dict[str, str]]:
        """Every cached translation of `sources`, whatever the model: model -> source -> translation."""
        found: dict[str, dict[str, str]] = {}
        for chunk in chunks(list(dict.fromkeys(sources))):
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT model, source, translation FROM translations WHERE source IN ({marks})"
            query += " ORDER BY model, source"
            for model, source, translation in self.conn.execute(query, chunk):
                found.setdefault(model, {})[source] = translation
        return found

    def save_translations(
        self,
        model: str,
        pairs: Mapping[str, str],
        keep_existing: bool = False,
        glossary_keys: Mapping[str, str] | None = None,
        scores: Mapping[str, SentenceScores] | None = None,
    ) -> None:
        """Cache translations, each with the key of the glossary entries it was made with ('' for none)
        and the model's scores where given; with keep_existing (restoring a backup), those already
        cached win."""
        if not pairs:
            return
        now = utc_now()
        keys = glossary_keys or {}
        verb = "INSERT OR IGNORE" if keep_existing else "INSERT OR REPLACE"
        scores = scores or {}
        rows = []
        for source, translation in pairs.items():
            scored = scores.get(source)
            glossary = keys.get(source, "")
            rows.append((model, source, translation, now, glossary, *_score_columns(scored, translation)))
        with self._writing():
            self.conn.executemany(
                f"{verb} INTO translations (model, source, translation, created, glossary, confidence, scores) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    @guarded
    def cached_scores(self, model: str, sources: Sequence[str]) -> dict[str, SentenceScores]:
        """The scores kept with `model`'s cached translations of `sources` (those scored)."""
        found: dict[str, SentenceScores] = {}
        for chunk in chunks(list(dict.fromkeys(sources))):
            marks = ", ".join("?" * len(chunk))
            query = "SELECT source, translation, confidence, scores FROM translations "
            query += f"WHERE model = ? AND source IN ({marks}) AND scores IS NOT NULL"
            for source, translation, confidence, words in self.conn.execute(query, [model, *chunk]):
                found[source] = SentenceScores.from_cache(translation, confidence, words)
        return found

    def save_scores(self, model: str, scores: Mapping[str, SentenceScores]) -> None:
        """Keep scores with translations cached before scores were (where the cached text is the one scored)."""
        rows = [(*_score_columns(s, s.text), model, source, s.text) for source, s in scores.items()]
        if rows:
            with self._writing():
                self.conn.executemany(
                    "UPDATE translations SET confidence = ?, scores = ? "
                    "WHERE model = ? AND source = ? AND translation = ?",
                    rows,
                )


def _score_columns(scores: SentenceScores | None, translation: str) -> tuple[float | None, str | None]:
    """The confidence and scores columns: empty without scores, or with scores of another text."""
    if scores is None or scores.text != translation:
        return None, None
    return scores.confidence, scores.to_json()
