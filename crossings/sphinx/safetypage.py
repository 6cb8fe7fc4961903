"""The safety page (``safety.html``): what Quick exit does and cannot do, and how to leave fewer traces.

Generated at html-collect-pages in every interface language (its text is in the tool's own
catalogues, crossings/locale), so it needs no source file, is in no table of contents and cannot
trip the public edition's orphan check. Every web page links to it from the quick-exit bar. A
hand-written ``source/safety.md`` replaces it (mark it ``orphan: true`` or list it in a toctree).
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import Any

from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.typing import ExtensionMetadata

from crossings import __version__
from crossings.settings import settings
from crossings.sphinx import markup as m
from crossings.sphinx.pages import BUILDERS
from crossings.sphinx.quickexit import SAFETY_PAGE, destination, site_name

_ = get_translation("crossings")


def title() -> str:
    """The page's title."""
    return _("Staying safe online")


def quick_exit_section(site: str, one_entry: bool) -> str:
    """What the button does, the keys that do the same, and what happens to the Back button."""
    history = (
        _(
            "While you read this site, it keeps only one page in your browser's Back list: each page "
            "of the archive you open takes the place of the one before, and searches are not added "
            "either. After a quick exit, the Back button leads to the page you were on before you "
            "opened this site, not back here. To go back one page inside this site, use the Back link "
            "at the top of the page."
        )
        if one_entry
        else _(
            "On this site, the pages you open are added to your browser's Back list as usual. A quick "
            "exit replaces only the page you were on, so the Back button can still lead to pages of this "
            "site that you read before. Delete them from your history afterwards (see below)."
        )
    )
    return m.section(
        "quick-exit",
        m.heading(2, _("Quick exit"))
        + m.paragraph(
            _(
                "The red Quick exit button at the top of every page takes you at once to an ordinary "
                "website (%(site)s). The page you were reading disappears before the other website opens."
            )
            % {"site": site}
        )
        + m.paragraph(
            _(
                "With a keyboard you can also press the Esc key (when you are not typing in a box), or "
                "press the Shift key three times in a row."
            )
        )
        + m.paragraph(
            _(
                "At the same moment, every other tab or window of this browser in which this site is open "
                "goes to an ordinary website in the same way. A tab that cannot follow at once (because it "
                "is still loading, or the browser has put it to sleep) follows as soon as it appears again."
            )
        )
        + m.paragraph(history)
        + m.paragraph(
            _(
                "If JavaScript is turned off in your browser, Quick exit still takes you to the other "
                "website, but the pages you opened stay in the Back list."
            )
        ),
    )


def limits_section() -> str:
    """What quick exit cannot do."""
    return m.section(
        "what-quick-exit-cannot-do",
        m.heading(2, _("What Quick exit cannot do"))
        + m.items(
            escape(text)
            for text in (
                _(
                    "It does not remove this site from your browser's history (the list of pages you "
                    "visited, which the browser's menu shows). See below how to delete it."
                ),
                _(
                    "If your browser is signed in to an account (for example Google, Apple, Samsung or "
                    "Firefox), your history may be copied to your other phones, tablets and computers. "
                    "Check and delete it there too."
                ),
                _(
                    "It cannot reach this site where it is open in a private window when you used Quick exit "
                    "in an ordinary one (or the other way round), in another browser, in a tab where "
                    "JavaScript is turned off, or as a PDF or e-book open in a tab of its own. Close those "
                    "tabs yourself."
                ),
                _(
                    "It does not delete files you downloaded from this site, such as the PDF or e-book of "
                    "the proceedings. They stay in your Downloads folder until you delete them."
                ),
                _(
                    "It does not hide your visit from whoever runs the network you use (at work, at school, "
                    "on shared Wi-Fi) or from your phone company, and it cannot stop a spying app that "
                    "someone installed on your phone."
                ),
            )
        ),
    )


def private_section() -> str:
    """How to open a private window on common phones and computers."""
    return m.section(
        "browse-privately",
        m.heading(2, _("Browse privately"))
        + m.paragraph(
            _(
                "A private window (called Incognito in Chrome, Private in Safari and Firefox, and Secret "
                "mode in Samsung Internet) keeps no history of the pages you open once you close it. It "
                "does not hide your visit from the network, and files you download stay on the device. "
                "Menus change between versions; look for these words:"
            )
        )
        + m.items(
            escape(text)
            for text in (
                _("Chrome on Android: tap the menu (⋮), then New Incognito tab."),
                _("Safari on iPhone: tap the Tabs button, switch to Private, then tap +."),
                _("Samsung Internet: tap the Tabs button, then Turn on Secret mode."),
                _("Firefox on Android or iPhone: tap the Tabs button, then the mask icon, then +."),
                _(
                    "On a computer: press Ctrl+Shift+N in Chrome and Edge, Ctrl+Shift+P in Firefox, or "
                    "Shift+Command+N in Safari on a Mac."
                ),
            )
        )
        + m.paragraph(_("Close every private tab when you are done: only then are its pages forgotten.")),
    )


def history_section() -> str:
    """How to delete this site from the history on common phones and computers."""
    return m.section(
        "delete-history",
        m.heading(2, _("Delete this site from your history"))
        + m.paragraph(
            _(
                "You can delete only this site's pages rather than your whole history: a history that "
                "is suddenly empty can itself draw attention."
            )
        )
        + m.items(
            escape(text)
            for text in (
                _(
                    "Chrome on Android: tap the menu (⋮), then History. Tap the × next to each page of this "
                    "site, or tap Delete browsing data and choose a time range such as the last hour."
                ),
                _(
                    "Safari on iPhone: tap the Bookmarks button, then the clock (History). Swipe left on a "
                    "page to delete it, or tap Clear. In the Settings app, Safari (under Apps on newer "
                    "iPhones) has Clear History and Website Data."
                ),
                _(
                    "Samsung Internet: tap the menu (≡), then History. Press and hold a page to delete it, "
                    "or use Delete browsing data under Personal browsing data in Settings."
                ),
                _(
                    "Firefox: open History from the menu and remove this site's pages one by one, or use "
                    "Delete browsing data in Settings."
                ),
                _(
                    "On a computer: Ctrl+H (Command+Y in Safari) shows the history; Ctrl+Shift+Delete "
                    "opens the window to delete recent history in Chrome, Edge and Firefox."
                ),
            )
        )
        + m.paragraph(
            _(
                "Deleting the history also removes the suggestions the address bar shows as you type, and "
                "the list of recently closed tabs."
            )
        ),
    )


def site_section() -> str:
    """What this site itself stores and loads."""
    return m.section(
        "this-site",
        m.heading(2, _("What this site stores and loads"))
        + m.items(
            escape(text)
            for text in (
                _("It sets no cookies."),
                _(
                    "It loads nothing from other websites: no fonts, pictures, scripts, statistics or "
                    "advertising come from elsewhere, so no other company is told that you opened these "
                    "pages."
                ),
                _(
                    "If you switch between light and dark colours, your browser remembers that choice for "
                    "this site."
                ),
                _(
                    "After a quick exit, your browser keeps the time of the exit in this site's storage "
                    "(nothing about what you read), so that tabs of this site that open again later leave "
                    "too. Deleting this site's data in your browser's settings removes it."
                ),
            )
        ),
    )


def device_section() -> str:
    """Other traces on the device."""
    return m.section(
        "other-traces",
        m.heading(2, _("Other traces on your phone"))
        + m.items(
            escape(text)
            for text in (
                _("Bookmarks, screenshots and downloaded files stay on the device until you delete them."),
                _(
                    "Your keyboard may learn words you type into the search box and suggest them later; "
                    "most keyboards let you delete learned words in their settings."
                ),
                _(
                    "If you think someone may be watching your phone, read this site on a device you trust, "
                    "such as a friend's phone or a computer in a library."
                ),
            )
        ),
    )


def page_body(app: Sphinx) -> str:
    """The whole page in the build's language."""
    url = destination(app.config)
    intro = _(
        "This page explains what the Quick exit button does and what it cannot do, and how to leave "
        "fewer traces when you read this site on a phone or computer that someone else may look at."
    )
    content = (
        m.heading(1, title())
        + m.paragraph(intro)
        + quick_exit_section(site_name(url), settings(app).one_history_entry)
        + limits_section()
        + private_section()
        + history_section()
        + site_section()
        + device_section()
    )
    return m.section("staying-safe", content)


def collect(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """html-collect-pages: the safety page, unless a hand-written page takes its name."""
    if app.builder.name not in BUILDERS or SAFETY_PAGE in app.env.found_docs:
        return
    context = {"title": title(), "body": page_body(app), "display_toc": False, "toc": ""}
    yield SAFETY_PAGE, context, "page.html"


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the page."""
    app.connect("html-collect-pages", collect)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
