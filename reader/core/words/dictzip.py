"""StarDict's data files for random reads: plain .dict, dictzip .dict.dz (a chunk at a time), plain gzip (whole)."""

# dictzip: gzip (RFC 1952) whose "RA" extra field lists each chunk's compressed size; every chunk
# was compressed with a full flush, so it inflates on its own (see docs/decisions/0020-dictionaries.md).

from __future__ import annotations

import gzip
import struct
import zlib
from collections import OrderedDict
from pathlib import Path

# Plain gzip files (a .dict.dz that is not dictzip, an .idx.gz) are read whole; past this, refused.
MAX_WHOLE_BYTES = 512 * 1024**2


def read_maybe_gzipped(path: Path, bad) -> bytes:
    try:
        if path.name.endswith((".gz", ".dz")):
            with gzip.open(path, "rb") as file:
                data = file.read(MAX_WHOLE_BYTES + 1)
            if len(data) > MAX_WHOLE_BYTES:
                raise bad(f"{path.name} unpacks to more than {MAX_WHOLE_BYTES // 1024**2} MB")
            return data
        return path.read_bytes()
    except (OSError, EOFError, zlib.error) as error:
        raise bad(f"{path.name} cannot be read ({error})") from None


def open_dict_file(path: Path, bad):
    """The .dict file for random reads: plain, dictzip (read a chunk at a time), or plain gzip (whole)."""
    if path.name.endswith(".dz"):
        chunks = _dictzip_chunks(path, bad)
        if chunks is not None:
            return DictZipFile(path, *chunks, bad)
        return _MemoryFile(read_maybe_gzipped(path, bad))
    return _PlainFile(path)


class _PlainFile:
    """A .dict file read where asked."""

    def __init__(self, path: Path):
        self._file = open(path, "rb")  # noqa: SIM115 - kept open for the dictionary's life; close() closes it
        self.size = path.stat().st_size

    def read(self, offset: int, size: int) -> bytes:
        self._file.seek(offset)
        return self._file.read(size)

    def close(self) -> None:
        self._file.close()


class _MemoryFile:
    """A plain gzip .dict.dz, unpacked whole (gzip checked its CRC)."""

    def __init__(self, data: bytes):
        self._data = data
        self.size = len(data)

    def read(self, offset: int, size: int) -> bytes:
        return self._data[offset : offset + size]

    def close(self) -> None:
        self._data = b""


def _dictzip_chunks(path: Path, bad) -> tuple[int, list[int], int, int] | None:
    """A dictzip header's chunk length, chunk sizes, where the data starts and the unpacked size."""
    # gzip (RFC 1952) with an "RA" extra field listing each chunk's compressed size; each chunk
    # was compressed with a full flush, so it inflates on its own.
    try:
        with open(path, "rb") as file:
            head = file.read(10)
            if len(head) < 10 or head[:3] != b"\x1f\x8b\x08":
                raise bad(f"{path.name} is not a gzip file")
            flags = head[3]
            if not flags & 4:  # no extra field: plain gzip
                return None
            (extra_length,) = struct.unpack("<H", file.read(2))
            extra = file.read(extra_length)
            position = 12 + extra_length
            chunk_length = None
            while len(extra) >= 4:
                tag, (length,) = extra[:2], struct.unpack("<H", extra[2:4])
                body, extra = extra[4 : 4 + length], extra[4 + length :]
                if tag == b"RA" and len(body) >= 6:
                    _version, chunk_length, count = struct.unpack("<HHH", body[:6])
                    sizes = list(struct.unpack(f"<{count}H", body[6 : 6 + 2 * count]))
            if chunk_length is None:
                return None
            for flag in (8, 16):  # FNAME, FCOMMENT: NUL-ended
                if flags & flag:
                    while file.read(1) not in (b"\x00", b""):
                        position += 1
                    position += 1
            if flags & 2:  # FHCRC
                position += 2
            total = path.stat().st_size
            file.seek(total - 4)
            (unpacked,) = struct.unpack("<I", file.read(4))
    except (OSError, struct.error) as error:
        raise bad(f"{path.name} has a damaged dictzip header ({error})") from None
    if position + sum(sizes) > total - 8 or not chunk_length:
        raise bad(f"{path.name} is damaged: its chunks run past the end of the file")
    # The trailer holds the size modulo 2**32; the chunk count bounds it.
    full = max(len(sizes) - 1, 0) * chunk_length
    unpacked = full + (unpacked - full) % 2**32 if sizes else 0
    if unpacked > len(sizes) * chunk_length:
        raise bad(f"{path.name} is damaged: its size does not match its chunks")
    return chunk_length, sizes, position, unpacked


class DictZipFile:
    """Random reads from a dictzip file, inflating only the chunks asked for (a few kept)."""

    CACHED = 8

    def __init__(self, path: Path, chunk_length: int, sizes: list[int], start: int, size: int, bad):
        self.path = path
        self.size = size
        self._chunk_length = chunk_length
        self._sizes = sizes
        self._starts = [start]
        for length in sizes:
            self._starts.append(self._starts[-1] + length)
        self._file = open(path, "rb")  # noqa: SIM115 - kept open for the dictionary's life; close() closes it
        self._cache: OrderedDict[int, bytes] = OrderedDict()
        self._bad = bad

    def read(self, offset: int, size: int) -> bytes:
        if size <= 0:
            return b""
        first, last = offset // self._chunk_length, (offset + size - 1) // self._chunk_length
        data = b"".join(self._chunk(number) for number in range(first, last + 1))
        start = offset - first * self._chunk_length
        return data[start : start + size]

    def _chunk(self, number: int) -> bytes:
        if number in self._cache:
            self._cache.move_to_end(number)
            return self._cache[number]
        if number >= len(self._sizes):
            raise self._bad(f"{self.path.name} is shorter than its index says")
        self._file.seek(self._starts[number])
        try:
            data = zlib.decompressobj(-zlib.MAX_WBITS).decompress(self._file.read(self._sizes[number]))
        except zlib.error as error:
            raise self._bad(f"{self.path.name} is damaged in chunk {number} ({error})") from None
        self._cache[number] = data
        if len(self._cache) > self.CACHED:
            self._cache.popitem(last=False)
        return data

    def verify(self) -> None:
        """Inflate every chunk once: each must have its full length and the whole the gzip CRC."""
        crc, total = 0, 0
        for number in range(len(self._sizes)):
            self._file.seek(self._starts[number])
            try:
                data = zlib.decompressobj(-zlib.MAX_WBITS).decompress(self._file.read(self._sizes[number]))
            except zlib.error as error:
                raise self._bad(f"{self.path.name} is damaged in chunk {number} ({error})") from None
            if len(data) != self._chunk_length and number < len(self._sizes) - 1:
                raise self._bad(f"{self.path.name} is damaged: chunk {number} is not {self._chunk_length} bytes")
            crc, total = zlib.crc32(data, crc), total + len(data)
        self._file.seek(self._starts[-1])
        expected = struct.unpack("<I", self._file.read(4))[0]
        if crc != expected or total != self.size:
            raise self._bad(f"{self.path.name} is damaged: its checksum or length does not match")

    def close(self) -> None:
        self._file.close()
