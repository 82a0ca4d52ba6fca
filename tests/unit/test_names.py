"""Conversation titles made from a first message."""

from __future__ import annotations

from parley.services.names import title_from_text


def test_a_short_first_line_is_the_title_as_is() -> None:
    assert title_from_text("\n\n  What is   2+2?\nShow your work.") == "What is 2+2?"


def test_a_long_line_is_cut_at_a_word_with_an_ellipsis() -> None:
    title = title_from_text("Explain the difference between top_p and temperature when sampling from a language model")
    assert title == "Explain the difference between top_p and temperature when…"
    assert len(title) <= 60


def test_text_without_spaces_is_cut_at_the_limit() -> None:
    japanese = "週末に東京で散歩するなら、どこがおすすめですか？" * 4
    title = title_from_text(japanese, max_length=20)
    assert title == japanese[:19] + "…"


def test_nothing_to_show_gives_no_title() -> None:
    assert title_from_text("   \n\t\n") == ""
