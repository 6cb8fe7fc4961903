"""Run one stage adapter in this process and write its rows as JSON (see bench.stages)."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

from bench.stages import STAGES, adapter


def main() -> None:
    """Parse the arguments, measure, write the rows."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("stage", choices=STAGES)
    parser.add_argument("--n", type=int, required=True, help="documents (0: the demo archive)")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--out", type=Path, required=True, help="JSON file for the rows")
    args = parser.parse_args()
    rows = adapter(args.stage)(args.n, args.repeats, args.smoke)
    data = [dataclasses.asdict(row) for row in rows]
    args.out.write_text(json.dumps(data, indent=1, allow_nan=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
