"""The one door through which podium reads a user's file.

A season folder names other files: `rules: rules.yaml`, a round's `folder: 03`, a rules
file's `extends: ../base.yaml`. A folder may also come from a stranger (an upload), so what
its files say must never make podium read elsewhere on the machine. Two guards:

- `Folder` confines paths: a path named by data, followed through every symlink, must land
  inside the folder's root. A path that leaves is refused before anything is opened, and the
  message names the key that gave it, never what lies outside.
- `read_text` opens only regular files, and at most `MAX_FILE_BYTES` of them: a name linked
  to `/dev/zero` or a FIFO would otherwise read for ever or block for ever.

    >>> from pathlib import Path
    >>> Folder(Path("/srv/upload")).inside("../../etc/passwd", Path("/srv/upload"))
    Traceback (most recent call last):
    ...
    podium.files.folder.Outside: it leads outside the folder (through '..' or a symbolic link)
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path, PurePath

from podium.errors import Problem, ValidationError

MAX_FILE_BYTES = 64 * 1024 * 1024  # far above any real season file, far below harm
MAX_NAME = 255  # the longest file name most file systems take


class Outside(ValueError):
    """A path that leaves the folder it must stay in."""


class Folder:
    """A folder whose files may name other files, but only inside `root`."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()

    def __repr__(self) -> str:
        return f"Folder({str(self.root)!r})"

    def inside(self, relative: str | PurePath, base: Path | None = None) -> Path:
        """`relative` (as written in a file in `base`) resolved, or Outside if it leaves."""
        written = PurePath(relative)
        if written.is_absolute() or (os.name == "nt" and written.drive):
            raise Outside("an absolute path; give one relative to this file, inside the folder")
        if "\x00" in str(written) or any(len(part) > MAX_NAME for part in written.parts):
            raise Outside(f"not a file name (at most {MAX_NAME} characters, no NUL)")
        target = ((base or self.root) / written).resolve()
        return self.check(target)

    def check(self, path: Path) -> Path:
        """`path` with every symlink followed, or Outside if that lands outside the root."""
        resolved = path.resolve()
        if resolved != self.root and not resolved.is_relative_to(self.root):
            raise Outside("it leads outside the folder (through '..' or a symbolic link)")
        return resolved


def read_bytes(path: Path, name: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes; anything else (missing, a folder, a device) is a Problem."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        # Non-blocking, so that opening a FIFO returns at once and fstat below refuses it.
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ValidationError([Problem(name, None, "-", "file not found")]) from None
    except IsADirectoryError:
        raise _not_a_file(name, "a folder") from None
    except OSError as exc:
        raise ValidationError([Problem(name, None, "-", _os_reason(exc))]) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise _not_a_file(name, "a folder" if stat.S_ISDIR(mode) else "a device, pipe or socket")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise ValidationError([Problem(name, None, "-", _os_reason(exc))]) from None
    if len(data) > limit:
        raise ValidationError(
            [Problem(name, None, "-", f"larger than {limit // (1024 * 1024)} MiB: not read")]
        )
    return data


def read_text(path: Path, name: str, encoding: str = "utf-8") -> str:
    """A regular file's text (see read_bytes); bytes that are not UTF-8 are a Problem."""
    data = read_bytes(path, name)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValidationError(
            [Problem(name, line, "-", f"not UTF-8 text (byte {exc.start + 1}); save it as UTF-8")]
        ) from None


def is_file(path: Path) -> bool:
    """Whether `path` is a regular file (following symlinks), without opening it."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def exists(path: Path) -> bool:
    """Whether anything is at `path`; False, not an error, for names no file can have
    (too long, a NUL in them), which Path.exists raises on."""
    try:
        path.lstat()  # a dangling link exists: reading it is then refused with a reason
    except (OSError, ValueError):
        return False
    return True


def is_dir(path: Path) -> bool:
    """Whether `path` is a folder (following symlinks); False for impossible names."""
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def _not_a_file(name: str, what: str) -> ValidationError:
    return ValidationError([Problem(name, None, "-", f"is {what}, not a file: not read")])


def _os_reason(exc: OSError) -> str:
    reason = os.strerror(exc.errno) if exc.errno else type(exc).__name__
    if exc.errno == errno.ELOOP:
        reason = "a loop of symbolic links"
    return f"cannot be read: {reason}"
