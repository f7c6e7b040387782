"""Meaning-based search: sentence embeddings of every hit (embedder.py, kept by content hash in vectors.py), a
query's nearest hits by meaning, and the floor below which nothing counts as related."""
