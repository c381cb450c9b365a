"""PDF letters (an official reply is a PDF, often signed): checked, and rewritten without what may identify or act.

``process_pdf`` refuses what a letter has no business carrying (scripts, actions that launch or submit, embedded
files, forms that run XFA) rather than guessing which part of it is safe, and rewrites the rest with qpdf (pikepdf)
without its document information, its XMP metadata, the private data of the program that made it and the actions
a viewer runs by itself. What it returns is what Dauys keeps (rewriting it breaks an embedded electronic signature;
the text and the pages stay).

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
MAX_OBJECTS = 20_000  # a page of a scanned letter is a handful of objects
MAX_NODES = 400_000  # names, arrays and dictionaries looked at in all: bounds the time a check takes (~1 s)

# Names whose presence anywhere in the file makes it active: scripts, actions that launch a program, open another
# file or submit something, multimedia and 3D players, XFA forms, and files carried inside. A letter needs none.
ACTIVE = {
    "/JS": "script",
    "/JavaScript": "script",
    "/Launch": "script",
    "/SubmitForm": "script",
    "/ImportData": "script",
    "/ResetForm": "script",
    "/Hide": "script",
    "/GoToR": "script",
    "/GoToE": "script",
    "/Sound": "script",
    "/Movie": "script",
    "/Rendition": "script",
    "/Screen": "script",
    "/3D": "script",
    "/RichMedia": "script",
    "/XFA": "script",
    "/EmbeddedFile": "embedded",
    "/EmbeddedFiles": "embedded",
    "/FileAttachment": "embedded",
}
# A link may open a web page or write an e-mail; anything else (javascript:, file:, a share) is refused.
SAFE_URI = ("http://", "https://", "mailto:")
# What is removed (not refused): metadata, the private data of the program that wrote it, and the actions a viewer
# runs by itself (on opening a page, on pointing at a link: "additional actions").
STRIPPED_KEYS = ("/Metadata", "/PieceInfo", "/LastModified", "/AA")


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
        declared = pdf.trailer.get("/Size", 0)
        if not isinstance(declared, int) or declared > MAX_OBJECTS:  # said by the cross-reference table, unread
            raise PdfRejected("too_complex", "too many objects")
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
    """Every object of the file is looked at, reachable or not: a name hidden in an unused object is refused too.
    The objects and the nodes within them are counted: a file made to take long is refused as too complex."""
    budget = [MAX_NODES]
    for count, obj in enumerate(pdf.objects):
        if count > MAX_OBJECTS:
            raise PdfRejected("too_complex", "too many objects")
        for value in _names_in(obj, budget):
            kind = ACTIVE.get(value)
            if kind is not None:
                raise PdfRejected("active" if kind == "script" else "embedded", f"{value} found")


def _names_in(obj: object, budget: list[int], depth: int = 0) -> list[str]:
    """The names an object carries as keys, as values, or in arrays and dictionaries written inside it; a link's
    address that is not a web page or an e-mail counts as active. An indirect object it refers to is not followed:
    ``pdf.objects`` visits each of those on its own."""
    import pikepdf

    if depth > 0 and getattr(obj, "is_indirect", False):
        return []
    budget[0] -= 1
    if budget[0] < 0:
        raise PdfRejected("too_complex", "too many parts to check")
    if depth > 32:
        raise PdfRejected("too_complex", "nested too deeply")
    found: list[str] = []
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        for key in obj.keys():  # noqa: SIM118 (a pikepdf dictionary)
            found.append(str(key))
            value = obj.get(key)
            if key == "/URI" and isinstance(value, pikepdf.String):
                address = bytes(value).decode("latin-1").strip().lower()
                if not address.startswith(SAFE_URI):
                    found.append("/JavaScript")  # refused as active
            found.extend(_names_in(value, budget, depth + 1))
    elif isinstance(obj, pikepdf.Array):
        for item in obj:
            found.extend(_names_in(item, budget, depth + 1))
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
    if "/OpenAction" in pdf.Root:
        del pdf.Root["/OpenAction"]
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            for key in STRIPPED_KEYS:
                if key in obj:
                    del obj[key]
