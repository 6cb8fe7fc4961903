"""YAML that crossings reads (front matter), refused quickly when it is built to exhaust the reader.

PyYAML composes nested collections recursively (a RecursionError thousands deep) and an alias
shares its node: nine aliases of nine aliases ("billion laughs") load in a millisecond and
then take minutes to walk, dump or validate. Front matter needs neither, so its events are
scanned first, without recursion: an alias or nesting past ``LIMIT`` is a YAML error at its line.
"""

from __future__ import annotations

from typing import Any

import yaml

from crossings.nesting import LIMIT

_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class RefusedYAML(yaml.MarkedYAMLError):
    """YAML built to exhaust its reader; a YAMLError, so every caller reports it with its line."""


def check(text: str) -> None:
    """Raise RefusedYAML at the first alias or collection nested past LIMIT (YAMLError if malformed)."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise RefusedYAML(
                problem="an alias (*name) repeats another part; write each value out instead",
                problem_mark=event.start_mark,  # type: ignore[arg-type]  # SafeLoader: a yaml.error.Mark
            )
        if isinstance(event, _OPEN):
            depth += 1
            if depth > LIMIT:
                raise RefusedYAML(
                    problem=f"lists or mappings nested more than {LIMIT} levels deep",
                    problem_mark=event.start_mark,  # type: ignore[arg-type]  # SafeLoader: a yaml.error.Mark
                )
        elif isinstance(event, _CLOSE):
            depth -= 1


def load(text: str) -> Any:
    """yaml.safe_load(*text*) once check() has passed it."""
    check(text)
    return yaml.safe_load(text)
