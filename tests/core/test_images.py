"""Uploaded photos come out re-encoded, oriented and without a trace of where, when or by whom they were taken."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageCms, ImageDraw
from PIL.PngImagePlugin import PngInfo

from dauys.core.images import SIZES, ImageRejected, ProcessedImage, process_upload

MAKE = "AcmeCamSecretMaker"
MODEL = "ModelX-42"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Jane Citizen"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
XMP_NS = b"http://ns.adobe.com/xap/1.0/"


def _picture(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A non-uniform picture with a red marker in the stored top-left corner, to follow rotations."""
    img = Image.new(mode, size, "white")
    draw = ImageDraw.Draw(img)
    w, h = size
    for x in range(0, w, 10):
        draw.line([(x, 0), (x, h)], fill=(0, 0, 255) if mode.startswith("RGB") else 0)
    draw.rectangle([0, 0, w // 5, h // 5], fill=(255, 0, 0) if mode.startswith("RGB") else 128)
    return img


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = MAKE  # Make
    exif[0x0110] = MODEL  # Model
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif.get_ifd(0x8769)[0x9003] = "2024:05:01 08:30:00"  # DateTimeOriginal
    gps = exif.get_ifd(0x8825)  # GPSInfo, tag 34853
    gps[1] = "N"
    gps[2] = (43.0, 15.0, 30.0)
    gps[3] = "E"
    gps[4] = (76.0, 57.0, 0.0)
    return exif


def _srgb_icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _encode(img: Image.Image, fmt: str, **params: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


def _all_outputs(result: ProcessedImage) -> dict[str, bytes]:
    return {"original": result.original, **result.renditions}


def _assert_no_metadata(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as img:
        assert not img.getexif()
        for key in ("exif", "icc_profile", "xmp", "comment", "XML:com.adobe.xmp"):
            assert key not in img.info, key
        assert not getattr(img, "text", {})
    for needle in (b"Exif\x00\x00", b"EXIF", XMP_NS, b"GPS", MAKE.encode(), MODEL.encode(), b"Jane Citizen"):
        assert needle not in data, needle


def test_jpeg_loses_exif_gps_xmp_icc_and_comment_and_is_oriented() -> None:
    stored = _picture((300, 200))
    upload = _encode(
        stored, "JPEG", exif=_exif(), xmp=XMP, icc_profile=_srgb_icc(), comment=b"shot by Jane Citizen", quality=95
    )
    # The fixture really carries everything we mean to strip.
    with Image.open(io.BytesIO(upload)) as check:
        assert check.getexif().get_ifd(0x8825)[2] == (43.0, 15.0, 30.0)
        assert {"exif", "icc_profile", "xmp", "comment"} <= set(check.info)
    assert b"Exif\x00\x00" in upload and XMP_NS in upload and MAKE.encode() in upload

    result = process_upload(upload)

    assert (result.content_type, result.extension) == ("image/jpeg", "jpg")
    assert (result.width, result.height) == (200, 300)  # swapped: orientation 6 applied
    for name, data in _all_outputs(result).items():
        _assert_no_metadata(data)
        with Image.open(io.BytesIO(data)) as img:
            assert img.format == "JPEG", name
            assert img.mode == "RGB"
            assert img.height > img.width
            # The stored top-left red marker ends up top-right once rotated clockwise.
            r, g, b = img.convert("RGB").getpixel((img.width - 2, 2))  # type: ignore[misc]
            assert r > 200 and g < 60 and b < 60, name


def test_png_text_chunks_are_dropped() -> None:
    info = PngInfo()
    info.add_text("Author", "secret")
    info.add_itxt("Description", "secret too")
    upload = _encode(_picture((120, 80)), "PNG", pnginfo=info)
    assert b"secret" in upload

    result = process_upload(upload)

    assert (result.content_type, result.extension) == ("image/png", "png")
    for data in _all_outputs(result).values():
        _assert_no_metadata(data)
        assert b"secret" not in data
        for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP"):
            assert chunk not in data
        with Image.open(io.BytesIO(data)) as img:
            assert img.format == "PNG"
            assert img.text == {}  # type: ignore[attr-defined]


def test_png_with_alpha_stays_png_with_alpha() -> None:
    img = _picture((64, 64)).convert("RGBA")
    img.putpixel((63, 63), (0, 0, 0, 0))
    result = process_upload(_encode(img, "PNG", exif=_exif()))
    with Image.open(io.BytesIO(result.original)) as out:
        assert out.format == "PNG"
        assert out.mode == "RGBA"
    for data in _all_outputs(result).values():
        _assert_no_metadata(data)


def test_palette_png_with_transparency_keeps_transparency() -> None:
    img = Image.new("P", (40, 40), 0)
    img.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)
    img.putpixel((0, 0), 1)
    result = process_upload(_encode(img, "PNG", transparency=0))
    with Image.open(io.BytesIO(result.original)) as out:
        assert out.mode == "RGBA"
        assert out.getpixel((5, 5))[3] == 0  # type: ignore[index]


def test_webp_exif_and_xmp_are_stripped() -> None:
    upload = _encode(_picture((200, 150)), "WEBP", exif=_exif(), xmp=XMP, icc_profile=_srgb_icc())
    with Image.open(io.BytesIO(upload)) as check:
        assert "exif" in check.info
    assert MAKE.encode() in upload

    result = process_upload(upload)

    assert (result.content_type, result.extension) == ("image/webp", "webp")
    assert (result.width, result.height) == (150, 200)
    for data in _all_outputs(result).values():
        _assert_no_metadata(data)
        with Image.open(io.BytesIO(data)) as img:
            assert img.format == "WEBP"


def test_cmyk_jpeg_becomes_rgb() -> None:
    result = process_upload(_encode(Image.new("CMYK", (50, 40), (0, 255, 255, 0)), "JPEG"))
    with Image.open(io.BytesIO(result.original)) as out:
        assert out.mode == "RGB"
        r, g, b = out.getpixel((10, 10))  # type: ignore[misc]
        assert r > 200 and g < 80 and b < 80


def test_sixteen_bit_greyscale_png_is_scaled_not_clipped() -> None:
    img = Image.new("I;16", (30, 30), 30000)
    result = process_upload(_encode(img, "PNG"))
    with Image.open(io.BytesIO(result.original)) as out:
        assert out.mode == "L"
        assert 100 < out.getpixel((0, 0)) < 140  # type: ignore[operator]


def test_animated_png_keeps_only_first_frame() -> None:
    frames = [Image.new("RGB", (30, 30), colour) for colour in ("red", "blue")]
    upload = _encode(frames[0], "PNG", save_all=True, append_images=frames[1:])
    with Image.open(io.BytesIO(upload)) as check:
        assert getattr(check, "n_frames", 1) == 2

    result = process_upload(upload)

    assert b"acTL" not in result.original
    with Image.open(io.BytesIO(result.original)) as out:
        assert getattr(out, "n_frames", 1) == 1
        assert out.convert("RGB").getpixel((5, 5)) == (255, 0, 0)


def test_accepts_a_file_object_and_hashes_the_original() -> None:
    import hashlib

    result = process_upload(io.BytesIO(_encode(_picture((100, 60)), "JPEG")))
    assert result.sha256 == hashlib.sha256(result.original).hexdigest()
    assert set(result.renditions) == set(SIZES)


# Rejections


def _rejected(data: bytes | io.BytesIO, **kwargs: int) -> str:
    with pytest.raises(ImageRejected) as info:
        process_upload(data, **kwargs)
    assert str(info.value)  # an English message for logs; callers translate by code
    return info.value.code


def test_rejects_too_large() -> None:
    big = b"\xff" * (11 * 1024 * 1024)
    assert _rejected(big) == "too_large"
    assert _rejected(io.BytesIO(big)) == "too_large"


def test_size_limit_is_inclusive() -> None:
    upload = _encode(_picture((50, 50)), "PNG")
    assert process_upload(upload, max_bytes=len(upload)).width == 50
    assert _rejected(upload, max_bytes=len(upload) - 1) == "too_large"


def test_rejects_non_images() -> None:
    assert _rejected(b"hello") == "not_an_image"
    assert _rejected(b"") == "not_an_image"


@pytest.mark.parametrize("fmt", ["GIF", "TIFF", "BMP"])
def test_rejects_other_formats(fmt: str) -> None:
    assert _rejected(_encode(_picture((20, 20)), fmt)) == "unsupported_format"


def test_rejects_svg() -> None:
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    assert _rejected(svg) == "unsupported_format"


def test_rejects_truncated_jpeg() -> None:
    noisy = Image.effect_noise((400, 400), 80).convert("RGB")
    upload = _encode(noisy, "JPEG", quality=95)
    assert _rejected(upload[: len(upload) // 2]) == "not_an_image"


def test_rejects_corrupt_png() -> None:
    upload = bytearray(_encode(_picture((50, 50)), "PNG"))
    idat = upload.index(b"IDAT")
    upload[idat + 10 : idat + 20] = b"\x00" * 10  # breaks the chunk CRC, caught by verify()
    assert _rejected(bytes(upload)) == "not_an_image"


def _png_declaring(width: int, height: int) -> bytes:
    data = bytearray(_encode(Image.new("RGB", (1, 1)), "PNG"))
    # IHDR is the first chunk: 8-byte signature, 4-byte length, b"IHDR", then width and height.
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def test_rejects_decompression_bomb() -> None:
    assert _rejected(_png_declaring(50_000, 50_000)) in {"decompression_bomb", "too_many_pixels"}


def test_rejects_too_many_pixels_below_pillow_threshold() -> None:
    # 50 MP: under Pillow's own warning threshold, over ours.
    assert _rejected(_png_declaring(10_000, 5_000)) == "too_many_pixels"


def test_pillow_warning_range_is_a_bomb_too() -> None:
    # ~100 MP sits between Pillow's warning and error thresholds; it must not slip through as a mere warning.
    assert _rejected(_png_declaring(10_000, 10_000)) in {"decompression_bomb", "too_many_pixels"}


# Renditions


def test_renditions_are_sized_by_longest_side() -> None:
    result = process_upload(_encode(_picture((3000, 2000)), "JPEG"))
    assert (result.width, result.height) == (2560, 1707)
    expected = {"large": (1600, 1067), "medium": (800, 533), "thumb": (320, 213)}
    for name, data in result.renditions.items():
        with Image.open(io.BytesIO(data)) as img:
            assert img.size == expected[name], name


def test_small_images_are_never_upscaled() -> None:
    result = process_upload(_encode(_picture((200, 100)), "JPEG"))
    assert (result.width, result.height) == (200, 100)
    for data in _all_outputs(result).values():
        with Image.open(io.BytesIO(data)) as img:
            assert img.size == (200, 100)
