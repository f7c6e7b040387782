"""The embedded Tantivy engine (named so as not to shadow the `tantivy` package it uses)."""

from .engine import TantivyEngine

__all__ = ["TantivyEngine"]
