"""Find the pages to import among files, folders and zip archives, refusing zip bombs."""

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import MAX_FILE_BYTES, ZIP, FormatError, detect

# A month of a daily paper is under a thousand pages.
MAX_MEMBERS = 2000
# What a zip may hold once unpacked, all its files together; a bomb declares far more.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
# Files that operating systems leave in folders and archives.
JUNK = frozenset({"thumbs.db", "desktop.ini", "__macosx"})
UTF8_NAMES = 0x800  # the zip flag saying member names are UTF-8


@dataclass(frozen=True)
class Source:
    """A file to import: its name for the summary, and how to read it (or why it cannot be)."""

    name: str
    read: Callable[[], bytes] | None = None
    error: str = ""


def sources(paths) -> Iterator[Source]:
    """Yield the files named, those under the folders named and those inside the zips named."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not hidden(child.relative_to(path)):
                    yield from file_sources(child)
        elif path.is_file():
            yield from file_sources(path)
        else:
            yield Source(str(name), error="找不到这个文件或文件夹。")


def hidden(path):
    """Say whether a path is a hidden file or one the operating system left behind."""
    return any(part.startswith(".") or part.lower() in JUNK for part in path.parts)


def file_sources(path):
    """Yield a file, or the files inside it if it is a zip archive (a Word file is no archive)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as error:
        yield Source(str(path), error=f"无法读取文件：{error.strerror}")
        return
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")) and not is_word_archive(path):
        yield from members(path)
    else:
        yield Source(str(path), read=lambda: read_file(path))


def is_word_archive(path):
    """Say whether a zip-based file is a Word file."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_file(path):
    """Return a file's bytes, or enough of them to tell that it is too large."""
    with path.open("rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def members(path):
    """Yield the files inside a zip archive, or one failed Source if it is damaged or a bomb."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [
                info
                for info in archive.infolist()
                if not info.is_dir() and not hidden(PurePosixPath(member_name(info)))
            ]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        yield Source(str(path), error="压缩包已损坏，无法打开。没有导入其中任何文件。")
        return
    if len(infos) > MAX_MEMBERS:
        yield Source(
            str(path),
            error=f"压缩包内有 {len(infos)} 个文件，一次最多 {MAX_MEMBERS} 个：请分成几个压缩包。"
            "没有导入其中任何文件。",
        )
        return
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        yield Source(
            str(path),
            error=f"压缩包解压后有 {unpacked // 2**20} MB，超过 {MAX_UNPACKED_BYTES // 2**20} MB"
            "（可能是“压缩炸弹”）。没有导入其中任何文件。",
        )
        return
    for info in sorted(infos, key=member_name):
        yield Source(f"{path}/{member_name(info)}", read=lambda info=info: read_member(path, info))


def member_name(info):
    """Return a member's name; Chinese Windows writes GBK names without saying so."""
    if info.flag_bits & UTF8_NAMES:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def read_member(path, info):
    """Return a member's bytes, at most one more than a file may have; refuse nested zips."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(info) as handle:
            # zipfile stops at the size the member declares, whatever the data would unpack to.
            data = handle.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise FormatError(f"压缩包中的这个文件已损坏，无法解压（{error}）。") from error
    if detect(data) == ZIP:
        raise FormatError("压缩包里的压缩包不会展开：请先解压它。")
    return data


def is_batch(paths):
    """Say whether paths name a batch: several paths, a folder or a zip archive."""
    if len(paths) != 1:
        return True
    path = Path(paths[0])
    if path.is_dir():
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError:
        return False  # the single-page import says it cannot be read
    return head.startswith((b"PK\x03\x04", b"PK\x05\x06")) and not is_word_archive(path)
