"""Safe processing of uploaded photos.

People photograph a broken street light or an overflowing bin from their phone and post it here. The file their
phone produces says far more than the picture: GPS coordinates of where they stood (often their home), the time
to the second, the make, model and serial of the camera, the editing software, sometimes their name in XMP or
IPTC fields. A photo of a problem must show the problem, not reveal where or who took it.

So nothing from an upload is stored as is. Every image is decoded, its orientation applied, its pixels copied
into a brand-new image that carries no metadata at all, and re-encoded; the renditions are made from that clean
copy. Decoding untrusted files is also an attack surface, hence the size, format and pixel-count limits.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

try:  # LittleCMS is optional in Pillow builds; without it we drop ICC profiles unconverted.
    from PIL import ImageCms
except ImportError:  # pragma: no cover - depends on the Pillow build
    ImageCms = None  # type: ignore[assignment]

MAX_BYTES = 10 * 1024 * 1024
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
SIZES = {"large": 1600, "medium": 800, "thumb": 320}  # longest side in px; never upscale

# Longest side of the stored "original": full sensor resolution is never needed to show a pothole.
ORIGINAL_MAX_SIDE = 2560
# Well below Pillow's own bomb threshold (~89 MP): a 40 MP frame is already larger than any phone camera.
MAX_PIXELS = 40_000_000

JPEG_QUALITY = 85
WEBP_QUALITY = 85

_OUTPUT = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
_ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}


class ImageRejected(ValueError):
    """The upload cannot be accepted; ``code`` is stable so callers can translate the message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ProcessedImage:
    width: int
    height: int
    original: bytes
    renditions: dict[str, bytes]
    content_type: str
    extension: str
    sha256: str


def process_upload(data: bytes | BinaryIO, *, max_bytes: int = MAX_BYTES) -> ProcessedImage:
    """Validate an uploaded image and return metadata-free re-encodings of it.

    ``data`` may be bytes or a binary file object (read from its current position). Raises ``ImageRejected``.
    """
    raw = _read_limited(data, max_bytes)
    fmt = _identify_and_verify(raw)
    img = _decode(raw)
    clean = _sanitize(img, fmt)

    original = clean.copy()
    original.thumbnail((ORIGINAL_MAX_SIDE, ORIGINAL_MAX_SIDE), Image.Resampling.LANCZOS)
    renditions: dict[str, bytes] = {}
    for name, side in SIZES.items():
        # thumbnail() only ever shrinks, which is exactly the "never upscale" rule.
        rendition = original.copy()
        rendition.thumbnail((side, side), Image.Resampling.LANCZOS)
        renditions[name] = _encode(rendition, fmt)

    encoded = _encode(original, fmt)
    content_type, extension = _OUTPUT[fmt]
    return ProcessedImage(
        width=original.width,
        height=original.height,
        original=encoded,
        renditions=renditions,
        content_type=content_type,
        extension=extension,
        sha256=hashlib.sha256(encoded).hexdigest(),
    )


def _read_limited(data: bytes | BinaryIO, max_bytes: int) -> bytes:
    # Reading one byte past the limit tells "exactly at the limit" from "over it" without reading everything.
    raw = bytes(data[: max_bytes + 1]) if isinstance(data, bytes | bytearray | memoryview) else data.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ImageRejected("too_large", f"The image is larger than {max_bytes // (1024 * 1024)} MB.")
    return raw


def _open(raw: bytes) -> Image.Image:
    """Open lazily (header only) with every decompression-bomb signal turned into a rejection."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its two thresholds; a warning is still a bomb for us.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(raw))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected("decompression_bomb", "The image declares an unreasonably large size.") from exc
    except UnidentifiedImageError as exc:
        if _looks_like_svg(raw):
            raise ImageRejected("unsupported_format", "SVG images are not accepted.") from exc
        raise ImageRejected("not_an_image", "The file is not an image.") from exc
    except Exception as exc:  # any parser failure on untrusted input means "not an image"
        raise ImageRejected("not_an_image", "The file is not an image.") from exc
    if img.width * img.height > MAX_PIXELS:
        img.close()
        raise ImageRejected("too_many_pixels", f"The image has more than {MAX_PIXELS // 1_000_000} megapixels.")
    return img


def _identify_and_verify(raw: bytes) -> str:
    img = _open(raw)
    try:
        fmt = img.format
        # Checked before verify(): only the header of a disallowed format is ever parsed.
        if fmt not in ALLOWED_FORMATS:
            message = f"{fmt or 'This'} images are not accepted; use JPEG, PNG or WebP."
            raise ImageRejected("unsupported_format", message)
        try:
            img.verify()
        except Exception as exc:  # see _open
            raise ImageRejected("not_an_image", "The image file is damaged.") from exc
        return fmt
    finally:
        img.close()


def _decode(raw: bytes) -> Image.Image:
    # verify() leaves the image unusable, so decode from a fresh open.
    img = _open(raw)
    try:
        img.seek(0)  # animated PNG/WebP: keep only the first frame
        img.load()
    except Exception as exc:  # truncated or corrupt data surfaces here as OSError and friends
        raise ImageRejected("not_an_image", "The image file is damaged or incomplete.") from exc
    return img


def _looks_like_svg(raw: bytes) -> bool:
    head = raw[:4096].lstrip().lower()
    return head.startswith(b"<") and b"<svg" in head


def _has_alpha(img: Image.Image) -> bool:
    return img.mode in _ALPHA_MODES or "transparency" in img.info


def _target_mode(img: Image.Image, fmt: str) -> str:
    if fmt == "JPEG":
        return "RGB"
    if fmt == "PNG" and not _has_alpha(img) and (img.mode in {"1", "L"} or img.mode.startswith(("I", "F"))):
        return "L"  # keep greyscale scans small
    if fmt == "PNG" and img.mode in {"LA", "La"}:
        return "LA"
    return "RGBA" if _has_alpha(img) else "RGB"


def _sanitize(img: Image.Image, fmt: str) -> Image.Image:
    """Return a new image holding only oriented, sRGB pixels: no info dict, no EXIF, no profile, no text."""
    icc = img.info.get("icc_profile")
    target = _target_mode(img, fmt)
    try:
        oriented = ImageOps.exif_transpose(img)
        working = _flatten_mode(oriented, target)
        if icc:
            working = _to_srgb(working, icc, target)
        if working.mode != target:
            working = working.convert(target)
        # frombytes() yields an image with an empty info dict: whatever metadata Pillow kept on the way cannot leak.
        return Image.frombytes(working.mode, working.size, working.tobytes())
    except Exception as exc:  # malformed EXIF or pixel data from untrusted input
        raise ImageRejected("not_an_image", "The image file is damaged.") from exc
    finally:
        img.close()


def _flatten_mode(img: Image.Image, target: str) -> Image.Image:
    """Bring palette, bilevel and high-bit-depth images into a mode colour conversion understands."""
    if img.mode.startswith("I") or img.mode == "F":
        # Plain convert("L") clips 16-bit values at 255; scale them down instead.
        return img.convert("I").point(lambda v: v / 256).convert("L")
    if img.mode in {"P", "PA", "1"} or (img.mode == "RGB" and "transparency" in img.info):
        return img.convert("RGBA" if target in {"RGBA", "LA"} else ("L" if target == "L" else "RGB"))
    if img.mode == "RGB" and target == "RGBA":
        return img.convert("RGBA")
    return img


def _to_srgb(img: Image.Image, icc: bytes, target: str) -> Image.Image:
    """Convert from the embedded profile to sRGB so colours stay right once the profile is gone."""
    if ImageCms is None or target not in {"RGB", "RGBA"}:
        return img
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        srgb = ImageCms.createProfile("sRGB")
        converted = ImageCms.profileToProfile(img, source, srgb, outputMode=target)
    except Exception:  # a bogus or mismatched profile: keep the pixels, just drop the profile
        return img
    return converted if converted is not None else img


def _encode(img: Image.Image, fmt: str) -> bytes:
    # No exif=, icc_profile=, pnginfo= or xmp=: the encoders only write what they are given.
    buf = io.BytesIO()
    if fmt == "JPEG":
        img.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif fmt == "PNG":
        img.save(buf, "PNG", optimize=True)
    else:
        img.save(buf, "WEBP", quality=WEBP_QUALITY)
    return buf.getvalue()
