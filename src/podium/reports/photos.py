"""A story's photos for the kit: read through podium.files' guarded reads, scaled for the
page with Pillow, and handed to every format (a file in the kit for the Markdown, a data
URI in the HTML, the picture itself in the DOCX).

A photo straight from a camera is 6000 px wide and 10 MB; a release is read on a screen
and printed on A4, where 1600 px is plenty and a fraction of the size.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from podium.files.folder import read_bytes

MAX_SIDE = 1600  # pixels: the longer side of a photo as the kit carries it
FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png")}


@dataclass(frozen=True, slots=True)
class ScaledPhoto:
    data: bytes
    mime: str  # image/jpeg, image/png
    suffix: str  # .jpg, .png
    width: int
    height: int

    def data_uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def problem(path: Path) -> str | None:
    """Why the file is not a photo a kit can carry; None when it is one."""
    try:
        with Image.open(io.BytesIO(read_bytes(path, str(path)))) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return "not a picture podium can read (JPEG, PNG, GIF, WebP, ...)"
    return None


def scaled(path: Path) -> ScaledPhoto:
    """The photo at `path`, no larger than MAX_SIDE on its longer side: JPEG for a JPEG
    (or any photo without transparency), PNG for a picture with transparency."""
    data = read_bytes(path, str(path))
    with Image.open(io.BytesIO(data)) as image:
        kind = image.format or ""
        if kind in FORMATS and max(image.size) <= MAX_SIDE:
            mime, suffix = FORMATS[kind]
            return ScaledPhoto(data, mime, suffix, *image.size)
        picture = image.copy()
    picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if picture.mode in ("RGBA", "LA", "P") and kind != "JPEG":
        picture.save(out, format="PNG", optimize=False)
        mime, suffix = FORMATS["PNG"]
    else:
        picture.convert("RGB").save(out, format="JPEG", quality=85)
        mime, suffix = FORMATS["JPEG"]
    return ScaledPhoto(out.getvalue(), mime, suffix, *picture.size)
