"""Parley: a desktop playground for OpenAI-compatible Chat Completions APIs."""

__version__ = "0.1.0"
