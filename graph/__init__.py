"""Claim-provenance knowledge graph of the DeepSeek corpus: who asserts what, where, citing whom."""

__version__ = "0.1.0"
