"""Stage adapters for bench.run: each measures one stage at one N and returns Result rows.

``python -m bench.stages STAGE --n N --repeats R --out FILE`` runs one adapter in its own
process (bench.run starts one per stage and N), so that a crash stays in its row and the
process's peak memory is the stage's. N = 0 means the demo archive (this repository's).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from bench.common import Result

# stage -> module under bench.stages defining ``measure(n, repeats, smoke) -> list[Result]``
STAGES = ("ingest", "build", "search", "pdf", "serve", "realworld", "hostile", "recall", "bundle", "site")
Adapter = Callable[[int, int, bool], list[Result]]


def adapter(stage: str) -> Adapter:
    """The measure function of *stage*."""
    module = importlib.import_module(f"bench.stages.{stage}_stage")
    return module.measure  # type: ignore[no-any-return]


def helper(module: str, stage: str, metric: str, n: int) -> tuple[object | None, list[Result]]:
    """Import a stage helper's bench module, or say in a row why it cannot be measured."""
    try:
        return importlib.import_module(module), []
    except ImportError as exc:
        why = f"{module.replace('.', '/')}.py cannot be imported ({exc})"
        return None, [Result.not_measured(stage, metric, n, why)]
