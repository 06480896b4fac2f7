"""Offline text similarity for ideas: similar-while-typing, duplicate suggestions, themes.

Two methods (``ITPM_SIMILARITY``): ``semantic`` (default) compares all-MiniLM-L6-v2
sentence vectors and finds paraphrases with few shared words; ``lexical`` is TF-IDF
over word and character n-grams, with no model to load. See docs/similarity.md.
"""

from itpm.similarity.index import (
    MAX_GROUP_KEYS,
    Match,
    Method,
    SimilarityIndex,
    configured_method,
    default_threshold,
    document_text,
    embed,
    embed_documents,
)

__all__ = [
    "MAX_GROUP_KEYS",
    "Match",
    "Method",
    "SimilarityIndex",
    "configured_method",
    "default_threshold",
    "document_text",
    "embed",
    "embed_documents",
]
