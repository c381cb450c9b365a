"""PDF letters (an official reply is a PDF, often signed): checked, and rewritten without what may identify or act.

``process_pdf`` refuses what a letter has no business carrying (scripts, actions that launch or submit, embedded
files, forms that run XFA) rather than guessing which part of it is safe, and rewrites the rest with qpdf (pikepdf)
without its document information, its XMP metadata and the private data of the program that made it. What it
returns is what Dauys keeps; the original's SHA-256 is kept too, so that whoever holds the file as it was sent can
show that it is the same letter (rewriting it breaks an embedded electronic signature: the hash does not).

Dauys never shows a PDF inline: ``problems:scan`` sends it as a download, in a sandbox (``Content-Security-Policy:
sandbox``), so that even a reader's PDF viewer in the browser runs nothing of it on the site's origin.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    import pikepdf

MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 100
MAX_OBJECTS = 200_000  # a page of a scanned letter is a handful of objects; this bounds the time a check takes

# Names whose presence anywhere in the file makes it active: scripts, actions that launch a program, open or submit
# something, multimedia players, XFA forms, and files carried inside.
ACTIVE = {
    "/JS": "script",
    "/JavaScript": "script",
    "/Launch": "script",
    "/SubmitForm": "script",
    "/ImportData": "script",
    "/RichMedia": "script",
    "/XFA": "script",
    "/EmbeddedFile": "embedded",
    "/EmbeddedFiles": "embedded",
    "/FileAttachment": "embedded",
}
# What is removed (not refused): metadata, and the private data of the program that wrote it.
STRIPPED_KEYS = ("/Metadata", "/PieceInfo", "/LastModified")


class PdfRejected(ValueError):
    """The PDF cannot be accepted; ``code`` is stable so callers can translate the message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ProcessedPdf:
    original: bytes  # the cleaned file: what is kept (the name matches ``core.images.ProcessedImage``)
    pages: int
    sha256: str  # of the cleaned file
    received_sha256: str  # of the file as it was received
    content_type: str = "application/pdf"
    extension: str = "pdf"
    width: int = 0
    height: int = 0


def looks_like_pdf(head: bytes) -> bool:
    """A PDF starts with ``%PDF-`` within its first kilobyte (the specification allows leading bytes)."""
    return b"%PDF-" in head[:1024]


def process_pdf(data: bytes | BinaryIO, *, max_bytes: int = MAX_BYTES) -> ProcessedPdf:
    """Check ``data`` and return it rewritten without metadata. Raises ``PdfRejected``."""
    raw = data if isinstance(data, bytes) else data.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise PdfRejected("too_large", f"larger than {max_bytes} bytes")
    if not looks_like_pdf(raw):
        raise PdfRejected("not_a_pdf", "no PDF header")
    import pikepdf  # only where a PDF is read: it loads qpdf

    try:
        pdf = pikepdf.open(io.BytesIO(raw))
    except pikepdf.PasswordError as exc:
        raise PdfRejected("encrypted", "protected by a password") from exc
    except (pikepdf.PdfError, ValueError, RecursionError) as exc:
        raise PdfRejected("not_a_pdf", "not a PDF qpdf can read") from exc
    with pdf:
        # Encrypted with an empty password (an owner's "no copying" restriction, common on official letters):
        # qpdf has decrypted it, and it is saved without the restriction. A password to open it was refused above.
        pages = len(pdf.pages)
        if pages == 0:
            raise PdfRejected("not_a_pdf", "no pages")
        if pages > MAX_PAGES:
            raise PdfRejected("too_many_pages", f"more than {MAX_PAGES} pages")
        _refuse_active(pdf)
        _strip(pdf)
        out = io.BytesIO()
        try:
            pdf.save(out, deterministic_id=True, fix_metadata_version=False, compress_streams=True, encryption=False)
        except (pikepdf.PdfError, ValueError, RecursionError) as exc:
            raise PdfRejected("not_a_pdf", "cannot be rewritten") from exc
    cleaned = out.getvalue()
    return ProcessedPdf(
        original=cleaned,
        pages=pages,
        sha256=hashlib.sha256(cleaned).hexdigest(),
        received_sha256=hashlib.sha256(raw).hexdigest(),
    )


def _refuse_active(pdf: pikepdf.Pdf) -> None:
    """Every object of the file is looked at, reachable or not: a name hidden in an unused object is refused too."""
    for count, obj in enumerate(pdf.objects):
        if count > MAX_OBJECTS:
            raise PdfRejected("too_complex", "too many objects")
        for value in _names_in(obj):
            kind = ACTIVE.get(value)
            if kind is not None:
                raise PdfRejected("active" if kind == "script" else "embedded", f"{value} found")


def _names_in(obj: object, depth: int = 0) -> list[str]:
    """The names an object carries as keys, as values, or in arrays and dictionaries written inside it. An indirect
    object it refers to is not followed: ``pdf.objects`` visits each of those on its own."""
    import pikepdf

    if depth > 0 and getattr(obj, "is_indirect", False):
        return []
    found: list[str] = []
    if depth > 32:
        raise PdfRejected("too_complex", "nested too deeply")
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        for key in obj.keys():  # noqa: SIM118 (a pikepdf dictionary)
            found.append(str(key))
            found.extend(_names_in(obj.get(key), depth + 1))
    elif isinstance(obj, pikepdf.Array):
        for item in obj:
            found.extend(_names_in(item, depth + 1))
    elif isinstance(obj, pikepdf.Name):
        found.append(str(obj))
    return found


def _strip(pdf: pikepdf.Pdf) -> None:
    """Drop the document information, the XMP metadata and programs' private data, on the catalogue and every
    object that carries them; drop the catalogue's open action and additional actions (the checks above leave only
    harmless ones, such as "go to page 1", but a letter needs none)."""
    import pikepdf

    for key in ("/Info",):
        if key in pdf.trailer:
            del pdf.trailer[key]
    for key in ("/OpenAction", "/AA"):
        if key in pdf.Root:
            del pdf.Root[key]
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            for key in STRIPPED_KEYS:
                if key in obj:
                    del obj[key]
