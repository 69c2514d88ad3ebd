"""Build real StarDict dictionaries on the spot: .ifo, .idx, .dict or dictzip .dict.dz, .syn."""

import struct
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

# Entries as StarDict sorts them: ASCII case folded, then byte order.


def _sort_key(word: str) -> tuple[bytes, bytes]:
    raw = word.encode("utf-8")
    return raw.lower(), raw


def build_dictionary(
    folder: Path,
    entries: Mapping[str, str | Sequence[str]] | Sequence[tuple[str, str]],
    *,
    stem: str = "kamus",
    name: str = "Kamus Uji",
    types: str | None = "m",
    compress: bool = False,
    synonyms: Mapping[str, str] | None = None,
    chunk_length: int = 64,
    description: str = "",
    offset_bits: int = 32,
) -> Path:
    """Write a dictionary into `folder`; return its .ifo path.

    `entries` maps headwords to a definition (or several, given as one entry each); with
    `types=None` each definition is stored as a field led by its type letter `m`.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pairs = list(entries.items()) if isinstance(entries, Mapping) else list(entries)
    flat = []
    for word, definitions in pairs:
        for definition in [definitions] if isinstance(definitions, str) else definitions:
            flat.append((word, definition))
    flat.sort(key=lambda pair: _sort_key(pair[0]))
    body = bytearray()
    index = bytearray()
    for word, definition in flat:
        data = definition.encode("utf-8")
        if types is None:
            data = b"m" + data + b"\x00"
        # A 64-bit offset (idxoffsetbits=64) is followed by a 32-bit size, as in StarDict 3.0.0.
        location = struct.pack(">QI" if offset_bits == 64 else ">II", len(body), len(data))
        index += word.encode("utf-8") + b"\x00" + location
        body += data
    (folder / f"{stem}.idx").write_bytes(bytes(index))
    if compress:
        (folder / f"{stem}.dict.dz").write_bytes(dictzip(bytes(body), chunk_length))
    else:
        (folder / f"{stem}.dict").write_bytes(bytes(body))
    lines = [
        "StarDict's dict ifo file",
        "version=3.0.0",
        f"bookname={name}",
        f"wordcount={len(flat)}",
        f"idxfilesize={len(index)}",
    ]
    if offset_bits == 64:
        lines.append("idxoffsetbits=64")
    if types:
        lines.append(f"sametypesequence={types}")
    if description:
        lines.append(f"description={description}")
    if synonyms:
        words = [word for word, _ in flat]
        syn = bytearray()
        for synonym, target in sorted(synonyms.items(), key=lambda pair: _sort_key(pair[0])):
            syn += synonym.encode("utf-8") + b"\x00" + struct.pack(">I", words.index(target))
        (folder / f"{stem}.syn").write_bytes(bytes(syn))
        lines.append(f"synwordcount={len(synonyms)}")
    ifo = folder / f"{stem}.ifo"
    ifo.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ifo


def dictzip(data: bytes, chunk_length: int = 64) -> bytes:
    """`data` as dictzip: gzip whose RA extra field lists chunks compressed each with a full flush."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    chunks = []
    for start in range(0, len(data), chunk_length):
        piece = compressor.compress(data[start : start + chunk_length])
        last = start + chunk_length >= len(data)
        piece += compressor.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)
        chunks.append(piece)
    field = struct.pack("<HHH", 1, chunk_length, len(chunks)) + b"".join(struct.pack("<H", len(c)) for c in chunks)
    extra = b"RA" + struct.pack("<H", len(field)) + field
    header = b"\x1f\x8b\x08\x04" + b"\x00" * 4 + b"\x00\x03" + struct.pack("<H", len(extra)) + extra
    trailer = struct.pack("<II", zlib.crc32(data), len(data) % 2**32)
    return header + b"".join(chunks) + trailer
