"""A person the document's properties name, and its text names too, is warned about in every script
the archive's languages write names in: Vietnamese letters with stacked diacritics included."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from crossings.catalog.model import DocumentMeta
from crossings.ingest.convert import convert


@pytest.mark.parametrize("name", ["Nguyễn Văn An", "Đặng Thị Hồng", "Trần Quốc Tuấn", "José García"])
def test_a_name_in_properties_and_text_is_warned_about(name: str, tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.author = name
    document.add_paragraph(f"Báo cáo của {name} về lao động di cư.")
    out = io.BytesIO()
    document.save(out)
    meta = DocumentMeta(id="vi", title="Báo cáo", type="paper", file="vi.docx", language="vi")
    warnings = convert(out.getvalue(), tmp_path, "reports/vi.docx", meta, now="2001-01-01T00:00:00Z").warnings
    assert any(w.startswith(f"{name!r} (the document's creator property) is named 1 time") for w in warnings)
