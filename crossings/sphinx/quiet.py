"""Filters on Sphinx's loggers for warnings that carry no type (``suppress_warnings`` cannot
name them) and that the extension knows do not apply to a build."""

from __future__ import annotations

import logging
from collections.abc import Iterable


def replace_filter(loggers: Iterable[str], kind: type[logging.Filter], new: logging.Filter | None) -> None:
    """Put *new* (None: nothing) in place of any *kind* filter on each named logger.

    Loggers live as long as the process, so a filter an earlier in-process build added (another
    archive, another language) is removed before this build decides whether it needs one.
    """
    for name in loggers:
        logger = logging.getLogger(name)
        logger.filters = [f for f in logger.filters if not isinstance(f, kind)]
        if new is not None:
            logger.addFilter(new)
