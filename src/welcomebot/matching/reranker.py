"""Optional neural reranking: sentence embeddings reorder the lexical matcher's best candidates.

An extra (`pip install 'welcomebot[rerank]'`), used only when WELCOMEBOT_RERANKER_MODEL names a
local sentence-transformers model folder; nothing is downloaded, so an offline server stays
offline. The model only reorders candidates the lexical matcher already found, so every answer
still comes from curated content, and only for messages in the model's languages: an English
model ranks Ukrainian text worse than the matcher does alone.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

import numpy as np

from welcomebot.content.models import Entry
from welcomebot.errors import OperatorError


class RerankerError(OperatorError):
    """The reranker setting points at something that cannot be loaded."""


class Reranker:
    def __init__(self, model_path: Path, languages: Collection[str], setting: str) -> None:
        """`setting` names where the path came from, for the operator's error message."""
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise RerankerError(
                f"{setting} is set, but sentence-transformers is not installed: "
                "pip install 'welcomebot[rerank]'"
            ) from error
        if not (model_path / "modules.json").is_file():
            raise RerankerError(
                f"{setting}: {model_path} is not a sentence-transformers model folder "
                "(it has no modules.json)"
            )
        self.model = SentenceTransformer(str(model_path), device="cpu", local_files_only=True)
        self.languages = tuple(languages)
        self.name = str(model_path)
        # Per language: phrasing vectors, where each entry's run of them starts, and its entry.
        self._phrasings: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._entries = 0

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(
            self.model.encode(list(texts), normalize_embeddings=True, show_progress_bar=False)
        )

    def index(self, entries: Sequence[Entry]) -> None:
        """Embed every phrasing (question and variants) of each entry, per language."""
        self._entries = len(entries)
        for lang in self.languages:
            texts, owners = [], []
            for position, entry in enumerate(entries):
                for text in [entry.headline.get(lang, ""), *entry.variants.get(lang, [])]:
                    if text.strip():
                        texts.append(text)
                        owners.append(position)
            if texts:
                owner = np.array(owners)
                starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
                self._phrasings[lang] = (self._embed(texts), starts, owner[starts])

    def similarity(self, texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
        """(messages, entries): each entry's closest phrasing's cosine, at least 0; NaN on the
        rows of messages in a language the model does not serve."""
        result = np.full((len(texts), self._entries), np.nan)
        for lang, (vectors, starts, entries) in self._phrasings.items():
            rows = [i for i, message_lang in enumerate(langs) if message_lang == lang]
            if not rows:
                continue
            cosines = self._embed([texts[i] for i in rows]) @ vectors.T
            best = np.zeros((len(rows), self._entries))
            best[:, entries] = np.maximum(np.maximum.reduceat(cosines, starts, axis=1), 0.0)
            result[rows] = best
        return result
