"""Model output is hostile HTML: nothing runs, nothing loads, no link opens without the user's yes."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImage, QTextDocument
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from parley.ui.conversation.markdown_view import MarkdownView

# A 1x1 PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(QUrl(url)) or True)
    return urls


@pytest.fixture
def view(qtbot: QtBot) -> MarkdownView:
    v = MarkdownView()
    qtbot.addWidget(v)
    v.resize(600, 400)
    return v


def _links(view: MarkdownView) -> list[str]:
    """Every link target and image name in the view's document."""
    found = []
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isAnchor():
                found.append(fmt.anchorHref())
            if fmt.isImageFormat():
                found.append("image:" + fmt.toImageFormat().name())
            it += 1
        block = block.next()
    return found


def test_raw_html_is_shown_as_text_never_interpreted(view: MarkdownView) -> None:
    hostile = 'Hi <script>alert("x")</script> <img src=x onerror="alert(1)"> <b onclick="evil()">bold</b> <foo> the end'
    view.set_markdown(hostile)
    text = view.toPlainText()
    # What the model wrote is what the user sees (nothing is dropped after an unknown tag either) ...
    assert '<script>alert("x")</script>' in text and '<b onclick="evil()">bold</b>' in text and text.endswith("the end")
    # ... and none of it became an image, a link or formatting.
    assert _links(view) == []
    cursor = view.document().find("bold")
    assert not cursor.charFormat().fontWeight() > 400


def test_file_javascript_and_relative_links_lose_their_target(view: MarkdownView) -> None:
    view.set_markdown("[a](file:///etc/passwd) [b](javascript:alert(1)) [c](secret.txt) <javascript:alert(2)>"
                      " [d](https://example.com/x) [e][ref] [m](mailto:someone@example.com) <mailto:x@example.com>"
                      " write to y@example.com\n\n[ref]: file:///etc/shadow\n")
    assert _links(view) == ["https://example.com/x"]  # only http and https links ever open (after asking)
    assert "a b c" in view.toPlainText() and "y@example.com" in view.toPlainText()  # the words stay, as text


def test_markdown_links_and_images_to_local_files_are_neutralised(view: MarkdownView) -> None:
    view.set_markdown("[passwd](file:///etc/passwd) [js](javascript:alert(1)) ![pic](/etc/hosts)"
                      " ![web](https://example.com/a.png)")
    html = view.toHtml()
    assert "file:///etc/passwd" not in html and "javascript:" not in html and "/etc/hosts" not in html
    # Images are never fetched: a label, a link for http(s) that the user may choose to open.
    assert "[image: pic]" in view.toPlainText() and "[image: web]" in view.toPlainText()
    assert _links(view) == ["https://example.com/a.png"]


def test_local_files_are_never_loaded_even_if_html_names_them(
        view: MarkdownView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = QImage(7, 5, QImage.Format.Format_RGB32)
    secret.fill(0xFF0000)
    path = tmp_path / "secret.png"
    assert secret.save(str(path))
    monkeypatch.chdir(tmp_path)
    view.setSearchPaths([str(tmp_path)])
    # Straight into Qt, bypassing the sanitizer: the document itself must refuse, and so must
    # Qt's image handler, which loads files by name when a resource comes back empty.
    names = (str(path), "secret.png", f"file://{path}")
    view.setHtml("".join(f'<img src="{n}">' for n in names))
    view.show()
    view.grab()  # lay out and paint: this is when images are fetched
    image = QTextDocument.ResourceType.ImageResource.value
    for name in names:
        for loaded in (view.loadResource(image, QUrl(name)), view.document().resource(image, QUrl(name))):
            assert isinstance(loaded, QImage) and loaded.size() != secret.size(), name
    data_url = "data:image/png;base64," + base64.b64encode(PNG).decode()
    loaded = view.loadResource(image, QUrl(data_url))
    assert loaded is not None and loaded.width() == 1  # data: URLs (our thumbnails) do work


def test_a_clicked_file_or_javascript_link_does_nothing(view: MarkdownView, opened: list[QUrl], qtbot: QtBot) -> None:
    view.set_markdown("Some text")
    before = view.toPlainText()
    for url in ("file:///etc/passwd", "javascript:alert(1)", "secret.txt"):
        with qtbot.waitSignal(view.linkBlocked, timeout=1000):
            view.anchorClicked.emit(QUrl(url))
    assert opened == []
    assert view.toPlainText() == before  # the view was not replaced by the file
    assert view.pending_confirmation is None


def test_an_http_link_opens_only_after_the_user_confirms(view: MarkdownView, opened: list[QUrl]) -> None:
    view.set_markdown("[site](https://example.com/page)")
    view.anchorClicked.emit(QUrl("https://example.com/page"))
    box = view.pending_confirmation
    assert box is not None and "https://example.com/page" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert opened == []
    view.anchorClicked.emit(QUrl("https://example.com/page"))
    view.pending_confirmation.button(QMessageBox.StandardButton.Open).click()
    assert [u.toString() for u in opened] == ["https://example.com/page"]


def test_the_copy_link_of_a_code_block_copies_its_code(view: MarkdownView, qtbot: QtBot) -> None:
    view.set_markdown("Before\n\n```python\nprint('hi')\n```\n\n```sh\nls -la\n```\n")
    qtbot.waitUntil(lambda: view.caught_up and "ls -la" in view.toPlainText(), timeout=2000)  # rendered in slices
    view.anchorClicked.emit(QUrl("parley-copy:1"))
    assert QGuiApplication.clipboard().text() == "ls -la\n"
    view.anchorClicked.emit(QUrl("parley-copy:0"))
    assert QGuiApplication.clipboard().text() == "print('hi')\n"
