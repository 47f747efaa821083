"""Theme suggestions for a social report: the themes of the most similar earlier reports.

Earlier reports' confirmed themes are the teacher. Texts are reduced to Finnish word stems (Snowball), so
that "asunnottomuus", "asunnottomat" and "asunnottomien" meet, weighed with TF-IDF, and compared by cosine
similarity. A theme's score is the summed similarity of the nearest reports that carry it; the writer
confirms or changes the suggestion, so a wrong guess costs a click, never a wrong record.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from polku.structural.models import ReportStatus, SocialReport, Theme

# How many earlier reports teach the suggestion, and how many nearest ones vote.
TRAINING_LIMIT = 2000
NEIGHBOURS = 5
SUGGESTIONS = 3
MIN_SCORE = 0.05

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
# Common Finnish words that carry no theme (a short list: TF-IDF already damps the rest).
STOPWORDS = frozenset(
    [
        "ja",
        "tai",
        "sekä",
        "mutta",
        "että",
        "kun",
        "jos",
        "niin",
        "myös",
        "on",
        "ovat",
        "oli",
        "olivat",
        "ei",
        "eivät",
        "se",
        "ne",
        "he",
        "hän",
        "me",
        "te",
        "tämä",
        "tuo",
        "nämä",
        "joka",
        "jotka",
        "mikä",
        "mitkä",
        "kuin",
        "vain",
        "jo",
        "vielä",
        "paljon",
        "enemmän",
        "monet",
        "moni",
        "usein",
        "olla",
        "ole",
        "ollut",
        "voi",
        "voivat",
        "pitäisi",
        "kanssa",
        "ilman",
        "mukaan",
        "kautta",
        "sitten",
        "nyt",
    ]
)


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("finnish")


def finnish_terms(text: str) -> list[str]:
    """Lowercased Finnish word stems of `text`, without stop words."""
    words = [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]
    return list(_stemmer().stemWords(words))


def report_text(
    *, title: str = "", observation: str = "", affected: str = "", proposed_measures: str = ""
) -> str:
    return " ".join((title, title, observation, affected, proposed_measures))


def _training_set() -> list[tuple[str, set[str]]]:
    reports = (
        SocialReport.objects.exclude(status=ReportStatus.DRAFT)
        .filter(themes__isnull=False)
        .distinct()
        .order_by("-submitted_at", "pk")
        .prefetch_related("themes")[:TRAINING_LIMIT]
    )
    return [
        (
            report_text(
                title=r.title,
                observation=r.observation,
                affected=r.affected,
                proposed_measures=r.proposed_measures,
            ),
            {t.code for t in r.themes.all()},
        )
        for r in reports
    ]


def suggest_themes(text: str, *, limit: int = SUGGESTIONS) -> list[Theme]:
    """Up to `limit` active themes for `text`, the most likely first; none when nothing is similar."""
    training = _training_set()
    if not training or not finnish_terms(text):
        return []
    vectorizer = TfidfVectorizer(analyzer=finnish_terms, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform([body for body, _codes in training])
    except ValueError:  # no terms at all in the earlier reports
        return []
    similarity = cosine_similarity(vectorizer.transform([text]), matrix)[0]
    nearest = similarity.argsort()[::-1][:NEIGHBOURS]
    scores: dict[str, float] = {}
    for index in nearest:
        if similarity[index] <= 0:
            continue
        for code in training[index][1]:
            scores[code] = scores.get(code, 0.0) + float(similarity[index])
    ranked = [
        code for code, score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])) if score >= MIN_SCORE
    ]
    themes = {t.code: t for t in Theme.objects.filter(code__in=ranked[: limit * 2], active=True)}
    return [themes[code] for code in ranked if code in themes][:limit]
