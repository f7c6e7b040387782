"""Documents related to a query by meaning: the query embedded once, its nearest documents in the engine's vector
index, kept only above a similarity floor so that gibberish and off-topic queries find nothing."""

from ..engines.base import SearchEngine
from . import enabled

NEIGHBOURS = 40  # how many nearest documents a query may bring in
# Cosine similarity a document must reach. Tuned on the judged searches
# (make eval, bench/eval/judged.yaml): over the demo content gibberish comes no nearer than 0.26 and off-topic
# questions 0.20, while lay phrasings of a review's subject reach 0.29 to 0.6.
FLOOR = 0.30
# One or two words carry little meaning of their own: a made-up word ("zorbing") comes within 0.32 of a review.
SHORT_FLOOR = 0.40
SHORT = 2
SCORE = 10.0  # a related document's score at similarity 1: below any word match's tier (understanding.py)


def related(text: str, engine: SearchEngine) -> tuple[tuple[str, float], ...]:
    """(document key, score) of the documents near the text in meaning, best first; none when it is off."""
    if not enabled() or not text.strip():
        return ()
    from .embedder import embed_query  # the model and numpy: only where meaning is on (__init__.py)

    words = text.split()
    floor = SHORT_FLOOR if len(words) <= SHORT else FLOOR
    nearest = engine.nearest(embed_query(" ".join(words)[:500]), NEIGHBOURS)
    return tuple((key, round(similarity * SCORE, 4)) for key, similarity in nearest if similarity >= floor)
