"""Run the pandoc that pypandoc-binary ships, sandboxed and bounded, on prepared documents."""

from __future__ import annotations

import functools
import os
import selectors
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from crossings.ingest.errors import IngestError
from crossings.ingest.pandoc_errors import explain
from crossings.nesting import LIMIT, too_deep

RUNNER = Path(__file__).with_name("runner.lua")

# MyST-compatible CommonMark: nothing MyST would read as raw HTML, attributes, divs or
# pandoc-only inline syntax; "smart" off so typographic quotes stay as the author typed them.
WRITER = (
    "commonmark_x-raw_html-raw_attribute-attributes-fenced_divs-bracketed_spans-smart"
    "-subscript-superscript-alerts-emoji-yaml_metadata_block-implicit_header_references"
)


@dataclass(frozen=True)
class Limits:
    """Bounds on one pandoc run."""

    memory: str = "1024m"
    timeout: float = 120.0
    output_bytes: int = 64 * 1024 * 1024
    nesting: int = LIMIT  # lists, quotations and tables inside each other (crossings.nesting)


DEFAULT_LIMITS = Limits()


@dataclass
class PandocResult:
    """pandoc's Markdown, its warnings and the events the safety filter reported."""

    markdown: str
    warnings: list[str] = field(default_factory=list)
    events: list[tuple[str, str]] = field(default_factory=list)

    def event_values(self, kind: str) -> list[str]:
        """The details of every event of one kind, in order."""
        return [detail for name, detail in self.events if name == kind]


@functools.cache
def pandoc_path() -> str:
    """The pandoc executable bundled with pypandoc-binary."""
    import pypandoc

    return str(pypandoc.get_pandoc_path())


@functools.cache
def pandoc_version() -> str:
    """pandoc's version, like ``3.9``."""
    import pypandoc

    return str(pypandoc.get_pandoc_version())


@dataclass(frozen=True)
class Item:
    """One prepared document: its folder (under the batch folder), reader, input name and media folder."""

    folder: str
    reader: str
    input_name: str
    media_dir: str
    display: str


def command(jobs_file: str, limits: Limits) -> list[str]:
    """The argv of one batch; only fixed names appear on it (the jobs file holds crossings' own names)."""
    return [
        pandoc_path(), "+RTS", f"-M{limits.memory}", "-RTS", "lua", "--", str(RUNNER),
        jobs_file, WRITER, str(limits.output_bytes), str(limits.nesting),
    ]  # fmt: skip


def run_many(
    batch_dir: Path, items: list[Item], limits: Limits = DEFAULT_LIMITS
) -> list[PandocResult | IngestError]:
    """Convert every item in as few pandoc processes as possible; each gets a result or its own error.

    A document that exceeds the time or memory cap ends its process; it alone fails and the
    rest continue in a new process.
    """
    results: list[PandocResult | IngestError | None] = [None] * len(items)
    start = 0
    while start < len(items):
        start = _run_from(batch_dir, items, start, results, limits)
    return [result for result in results if result is not None]


def _run_from(
    batch_dir: Path,
    items: list[Item],
    start: int,
    results: list[PandocResult | IngestError | None],
    limits: Limits,
) -> int:
    """Run items[start:] in one process; return where the next process must start."""
    jobs = batch_dir / f"jobs-{start}.tsv"
    jobs.write_text(
        "".join(f"{i.folder}\t{i.reader}\t{i.input_name}\t{i.media_dir}\n" for i in items[start:]),
        encoding="utf-8",
    )
    stderr_path = batch_dir / f"pandoc-{start}.stderr"
    with stderr_path.open("wb") as stderr:
        proc = subprocess.Popen(
            command(jobs.name, limits),
            cwd=batch_dir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
        try:
            stopped = _follow(proc, items, start, results, batch_dir, limits)
        finally:
            if proc.poll() is None:
                proc.kill()
            code = proc.wait()
    running = next((n for n in range(start, len(items)) if results[n] is None), len(items))
    if running == len(items):
        return running
    display = items[running].display
    if stopped:
        # At the -M cap GHC collects garbage endlessly instead of failing, so this covers both.
        reason = (
            f"pandoc took longer than {limits.timeout:g} s or needed more than {limits.memory} of memory "
            "and was stopped; is the file damaged or huge? A damaged file: open it in the program that "
            "made it, save it again and replace it. A very long document: split it into parts (a few "
            "MB of text each) and add each part to the catalog"
        )
    else:
        messages = stderr_path.read_text(encoding="utf-8", errors="replace")
        reason = _failure(code, messages, limits, items[running].reader)
    results[running] = IngestError(f"{display}: {reason}")
    return running + 1


def _follow(
    proc: subprocess.Popen[bytes],
    items: list[Item],
    start: int,
    results: list[PandocResult | IngestError | None],
    batch_dir: Path,
    limits: Limits,
) -> bool:
    """Collect results as the runner reports them; True when a document ran past the time limit."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    buffer = b""
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        deadline = time.monotonic() + limits.timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                proc.kill()
                return True
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return False
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                status, number, *message = line.decode("utf-8", errors="replace").split("\t", 2)
                deadline = time.monotonic() + limits.timeout
                if status == "part":  # a long text's part converted: the limit is per part
                    continue
                index = start + int(number)
                results[index] = _result(status, message, items[index], batch_dir, limits)


def _result(
    status: str, message: list[str], item: Item, batch_dir: Path, limits: Limits
) -> PandocResult | IngestError:
    """What the runner reported for one document."""
    if status == "done":
        folder = batch_dir / item.folder
        markdown = (folder / "output.md").read_text(encoding="utf-8", errors="replace")
        return _parse(markdown, (folder / "events.tsv").read_text(encoding="utf-8", errors="replace"))
    detail = message[0].replace("\t", "\n") if message else "unknown error"  # runner.lua: lines as tabs
    if detail == "output-cap":
        return IngestError(
            f"{item.display}: conversion produced more than {limits.output_bytes:,} bytes; stopped"
        )
    if detail == "nesting-cap":
        return IngestError(f"{item.display}: {too_deep(limits.nesting)}; then replace the file")
    return IngestError(f"{item.display}: {explain(detail, item.reader)}")


def _failure(code: int, messages: str, limits: Limits, reader: str) -> str:
    """Why pandoc stopped, in words an editor can act on."""
    if "Heap exhausted" in messages or "heap overflow" in messages or code == 251:
        return (
            f"pandoc needed more than {limits.memory} of memory and was stopped; is the file damaged or huge?"
        )
    if code < 0:  # a signal from outside: the kernel's OOM killer, an operator's kill
        return (
            f"pandoc was killed ({signal.Signals(-code).name}) while converting this file, perhaps because "
            "the machine ran out of memory; run crossings ingest again, and if it happens again, split the "
            "file into parts and add each to the catalog"
        )
    lines = [line for line in messages.splitlines() if line]
    return explain("\n".join(lines[:6]) or f"pandoc stopped with exit status {code}", reader)


def _parse(markdown: str, events: str) -> PandocResult:
    """The runner's events file: safety-filter events, and pandoc's warnings as kind ``warning``."""
    result = PandocResult(markdown)
    for line in events.splitlines():
        kind, _, detail = line.partition("\t")
        if kind == "warning":
            result.warnings.append(detail.strip())
        elif kind:
            result.events.append((kind, detail))
    return result
