"""A Word "XML Document" (Flat OPC) is parsed by ingest itself, outside pandoc's memory cap, and
unpacked into a .docx: both are bounded like any .docx (elements, entries, entry names)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossings.catalog.model import DocumentMeta
from crossings.ingest.convert import convert
from crossings.ingest.errors import IngestError

PKG = "http://schemas.microsoft.com/office/2006/xmlPackage"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RELS = (
    '<pkg:part pkg:name="/_rels/.rels" '
    'pkg:contentType="application/vnd.openxmlformats-package.relationships+xml">'
    '<pkg:xmlData><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships></pkg:xmlData></pkg:part>'
)


def _flat(body: str, extra: str = "") -> bytes:
    document = (
        '<pkg:part pkg:name="/word/document.xml" pkg:contentType="application/vnd.openxmlformats-'
        f'officedocument.wordprocessingml.document.main+xml"><pkg:xmlData><w:document xmlns:w="{W}">'
        f"<w:body>{body}</w:body></w:document></pkg:xmlData></pkg:part>"
    )
    head = '<?xml version="1.0" encoding="UTF-8"?><?mso-application progid="Word.Document"?>'
    return f'{head}<pkg:package xmlns:pkg="{PKG}">{RELS}{document}{extra}</pkg:package>'.encode()


def _convert(data: bytes, tmp_path: Path) -> str:
    meta = DocumentMeta(id="flat", title="Flat", type="paper", file="flat.xml")
    return convert(data, tmp_path, "reports/flat.xml", meta, now="2001-01-01T00:00:00Z").body


def test_a_small_flat_opc_converts(tmp_path: Path) -> None:
    assert "Flat text." in _convert(_flat("<w:p><w:r><w:t>Flat text.</w:t></w:r></w:p>"), tmp_path)


@pytest.mark.parametrize(
    ("extra", "body", "message"),
    [
        (
            "".join(
                f'<pkg:part pkg:name="/x/{n}.bin"><pkg:binaryData>AA==</pkg:binaryData></pkg:part>'
                for n in range(10_001)
            ),
            "",
            "the zip container holds 10,004 entries",
        ),
        (
            '<pkg:part pkg:name="/C:/evil.bin"><pkg:binaryData>AA==</pkg:binaryData></pkg:part>',
            "",
            "entry 'C:/evil.bin' has an absolute path",
        ),
        ("", "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 350_000, "holds about 1,050,0"),
    ],
    ids=["entries", "name", "elements"],
)
def test_flat_opc_is_bounded_like_a_docx(extra: str, body: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        _convert(_flat(body, extra), tmp_path)
    assert str(caught.value).startswith("reports/flat.xml: ") and message in str(caught.value)
