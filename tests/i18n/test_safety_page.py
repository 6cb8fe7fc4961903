"""The safety page in every interface language, linked next to Quick exit from every kind of page."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from tests.i18n.html import Element, page

pytestmark = pytest.mark.slow

# folder -> (tag, Quick exit, link text, page title, neutral site, a sentence of the page's own text)
LANGUAGES = {
    "en": (
        "en",
        "Quick exit",
        "Staying safe",
        "Staying safe online",
        "en.wikipedia.org",
        "It sets no cookies.",
    ),
    "zh-hant": (
        "zh-Hant",
        "快速離開",
        "安全上網",
        "安全上網須知",
        "zh.wikipedia.org",
        "本網站不設定任何 Cookie。",
    ),
    "zh-hans": (
        "zh-Hans",
        "快速离开",
        "安全上网",
        "安全上网须知",
        "baike.baidu.com",
        "本网站不设置任何 Cookie。",
    ),
    "th": ("th", "ออกด่วน", "ความปลอดภัย", "การท่องเว็บอย่างปลอดภัย", "th.wikipedia.org", "เว็บไซต์นี้ไม่ตั้งค่าคุกกี้ใด ๆ"),
    "vi": (
        "vi",
        "Thoát nhanh",
        "An toàn",
        "An toàn khi lên mạng",
        "vi.wikipedia.org",
        "Trang web này không đặt cookie nào.",
    ),
}
SECTIONS = {
    "quick-exit",
    "what-quick-exit-cannot-do",
    "browse-privately",
    "delete-history",
    "this-site",
    "other-traces",
}
# Every kind of page a reader can land on; each must be found in each language's build.
KINDS = {
    "home": re.compile(r"^index\.html$"),
    "document": re.compile(r"^documents/.+\.html$"),
    "browse page": re.compile(
        r"^(countries|themes|types|languages|events)/.+\.html$|^(browse|routes)\.html$"
    ),
    "search service page": re.compile(r"^search-service\.html$"),
    "built-in search page": re.compile(r"^search\.html$"),
    "index page": re.compile(r"^(genindex|crossings-countries|crossings-themes)\.html$"),
    "hand-written page": re.compile(r"^about\.html$"),
    "safety page": re.compile(r"^safety\.html$"),
}


def bar_links(element_list: list[Element]) -> dict[str, Element]:
    """The quick-exit bar's links by id."""
    return {
        e.attrs["id"]: e
        for e in element_list
        if e.tag == "a" and "id" in e.attrs and any("crossings-exit-bar" in a.classes for a in e.ancestors)
    }


@pytest.mark.parametrize("folder", list(LANGUAGES))
def test_safety_page_exists_in_the_language(sites: Path, folder: str) -> None:
    tag, _exit, _link, title, site, sentence = LANGUAGES[folder]
    safety = page(sites / folder / "safety.html")
    assert safety.find("html")[0].attrs["lang"] == tag
    assert [h.text.strip().rstrip("#").strip() for h in safety.find("h1")] == [title]
    assert {s.attrs.get("id", "") for s in safety.find("section")} >= SECTIONS
    items = [e.text.strip() for e in safety.find("li")] + [e.text.strip() for e in safety.find("p")]
    assert sentence in items
    assert any(site in text for text in items), "the page names the neutral site of its language"
    body = " ".join(items)
    if folder == "th":
        assert len(re.findall(r"[\u0e00-\u0e7f]", body)) > 500
    elif folder.startswith("zh"):
        assert len(re.findall(r"[\u4e00-\u9fff]", body)) > 500
    elif folder == "vi":  # letters with Vietnamese marks (ơ, ư, đ and the tones) all through the page
        assert len(re.findall(r"[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]", body)) > 300


def test_the_two_chinese_pages_are_in_their_own_script(sites: Path) -> None:
    traditional = " ".join(e.text for e in page(sites / "zh-hant" / "safety.html").find("p"))
    simplified = " ".join(e.text for e in page(sites / "zh-hans" / "safety.html").find("p"))
    assert "瀏覽" in traditional and "浏览" not in traditional
    assert "浏览" in simplified and "瀏覽" not in simplified


@pytest.mark.parametrize("folder", list(LANGUAGES))
def test_every_kind_of_page_links_the_safety_page_next_to_quick_exit(sites: Path, folder: str) -> None:
    _tag, exit_text, link_text, _title, site, _sentence = LANGUAGES[folder]
    root = sites / folder
    seen: set[str] = set()
    for path in sorted(root.rglob("*.html")):
        name = path.relative_to(root).as_posix()
        links = bar_links(page(path).elements)
        assert set(links) == {"crossings-quick-exit", "crossings-safety-link"}, name
        assert links["crossings-quick-exit"].text.strip() == exit_text, name
        assert site in links["crossings-quick-exit"].attrs["href"], name
        safety = links["crossings-safety-link"]
        assert safety.text.strip() == link_text, name
        href = safety.attrs["href"]
        resolved = name if href == "#" else posixpath.normpath(posixpath.join(posixpath.dirname(name), href))
        assert resolved == "safety.html", name
        seen |= {kind for kind, pattern in KINDS.items() if pattern.match(name)}
    assert seen == set(KINDS), f"not built, so not checked: {set(KINDS) - seen}"
