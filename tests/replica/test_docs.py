"""The README shows the nginx configuration the replica test runs, byte for byte."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_readme_shows_the_tested_nginx_configuration() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    config = (REPO / "docs" / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert f"```nginx\n{config}```\n" in readme, "copy docs/deploy/nginx.conf into README.md's nginx block"
