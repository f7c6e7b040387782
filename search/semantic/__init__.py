"""Search by meaning: sentence embeddings of every hit (embedder.py), kept by content hash (vectors.py), a query's
nearest hits (related.py). numpy, the vector index and the model weigh some 30 MB a process before any use, so
they load only where meaning is on: other modules come in through the functions here."""

from django.conf import settings

DIMENSIONS = 384  # numbers in each vector (the model's)
TEXT_CHARS = 1500  # what of a text is embedded: about the model's 256 tokens, the tokenizer would cut the rest


def enabled() -> bool:
    return settings.KB_SEMANTIC_SEARCH


def kept_vectors(documents) -> dict:
    """The kept vectors of these documents' texts, by key, as numpy arrays; none when meaning is off."""
    if not enabled():
        return {}
    from . import vectors  # numpy: only where meaning is on (see above)

    return vectors.stored(documents)


def kept_lists(documents) -> dict[str, list[float]]:
    """The same as lists of floats, for a JSON body."""
    kept = kept_vectors(documents)
    return {key: [float(x) for x in vector] for key, vector in kept.items()}
