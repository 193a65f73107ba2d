"""Make a snapshot PDF's text search and copy as the Chinese it shows.

Noto Sans CJK draws some radicals with the very glyph of an ideograph (⺠ U+2EA0 and 民 U+6C11 are one
glyph), and Chromium's PDF writer names each glyph by its lowest code point, so 民 would be extracted as
⺠ and 片 as ⽚. `fixed_pdf` rewrites the PDF's ToUnicode maps: every radical that the font draws with
an ideograph's glyph maps back to that ideograph. The pairs come from the installed font's own `cmap`
(found with fontconfig), so nothing is guessed and nothing is fetched.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import subprocess
from pathlib import Path

RADICALS = range(0x2E80, 0x2FE0)  # CJK Radicals Supplement and Kangxi Radicals
FONT = "Noto Sans CJK SC"


def _is_ideograph(cp: int) -> bool:
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF


def _cmap_groups(data: bytes, index: int) -> list[tuple[int, int, int]]:
    """(first char, last char, first glyph) groups of the font's Unicode full-repertoire cmap (format 12)."""
    base = 0
    if data[:4] == b"ttcf":
        base = struct.unpack_from(">I", data, 12 + 4 * index)[0]
    num_tables = struct.unpack_from(">H", data, base + 4)[0]
    cmap = None
    for i in range(num_tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, base + 12 + 16 * i)
        if tag == b"cmap":
            cmap = offset
    if cmap is None:
        return []
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        sub = cmap + offset
        if (platform, encoding) in ((3, 10), (0, 4), (0, 6)) and struct.unpack_from(">H", data, sub)[0] == 12:
            n = struct.unpack_from(">I", data, sub + 12)[0]
            return [struct.unpack_from(">III", data, sub + 16 + 12 * k) for k in range(n)]
    return []


def radical_pairs_from_font(path: Path, index: int = 0) -> dict[int, int]:
    """radical → ideograph, for every radical the font draws with an ideograph's glyph."""
    groups = _cmap_groups(path.read_bytes(), index)
    radical_glyph: dict[int, int] = {}
    for first, last, glyph in groups:
        for cp in range(max(first, RADICALS.start), min(last, RADICALS.stop - 1) + 1):
            radical_glyph[cp] = glyph + cp - first
    wanted = set(radical_glyph.values())
    ideograph_of: dict[int, int] = {}
    for first, last, glyph in groups:
        if not (_is_ideograph(first) or _is_ideograph(last)):
            continue
        for cp in range(first, last + 1):
            g = glyph + cp - first
            if g in wanted and _is_ideograph(cp) and g not in ideograph_of:
                ideograph_of[g] = cp
    return {r: ideograph_of[g] for r, g in radical_glyph.items() if g in ideograph_of}


@functools.lru_cache(maxsize=1)
def radical_pairs() -> dict[int, int]:
    """The pairs for the font the snapshots use (empty when fontconfig cannot find it)."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}\n", FONT], capture_output=True, text=True, timeout=10, check=True
        ).stdout.split("\n")
        return radical_pairs_from_font(Path(found[0]), int(found[1] or 0))
    except (OSError, subprocess.SubprocessError, ValueError, IndexError, struct.error):
        return {}


_BFCHAR = re.compile(r"beginbfchar\s*(.*?)\s*endbfchar", re.S)
_BFRANGE = re.compile(r"beginbfrange\s*(.*?)\s*endbfrange", re.S)
_HEX = re.compile(r"<([0-9A-Fa-f]+)>")


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")


def _hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def rewrite_cmap(cmap: str, pairs: dict[int, int]) -> str | None:
    """The ToUnicode CMap with radicals mapped to their ideographs; None when nothing changes."""
    table = {chr(r): chr(i) for r, i in pairs.items()}
    mapping: dict[str, str] = {}
    for block in _BFCHAR.findall(cmap):
        codes = _HEX.findall(block)
        mapping.update(zip(codes[0::2], (_utf16(c) for c in codes[1::2]), strict=False))
    for block in _BFRANGE.findall(cmap):
        for line in block.splitlines():
            codes = _HEX.findall(line)
            if len(codes) < 3:
                continue
            lo, hi, width = int(codes[0], 16), int(codes[1], 16), len(codes[0])
            if "[" in line:
                targets = [_utf16(c) for c in codes[2:]]
            else:
                start = _utf16(codes[2])
                targets = [start[:-1] + chr(ord(start[-1]) + k) for k in range(hi - lo + 1)]
            for k, target in enumerate(targets[: hi - lo + 1]):
                mapping[f"{lo + k:0{width}X}"] = target
    fixed = {src: "".join(table.get(ch, ch) for ch in dst) for src, dst in mapping.items()}
    if fixed == mapping:
        return None
    items = sorted(fixed.items())
    blocks = []
    for i in range(0, len(items), 100):
        chunk = items[i : i + 100]
        lines = "\n".join(f"<{src}> <{_hex(dst)}>" for src, dst in chunk)
        blocks.append(f"{len(chunk)} beginbfchar\n{lines}\nendbfchar")
    head = cmap[: cmap.index("endcodespacerange") + len("endcodespacerange")]
    tail = cmap[cmap.index("endcmap") :]
    return f"{head}\n" + "\n".join(blocks) + f"\n{tail}"


def _fonts(resources, seen: set) -> list:
    out = []
    if resources is None or id(resources) in seen:
        return out
    seen.add(id(resources))
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        out.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        out += _fonts(xobject.get("/Resources"), seen)
    return out


def fixed_pdf(data: bytes, pairs: dict[int, int] | None = None) -> bytes:
    """The PDF `data` with its ToUnicode maps rewritten (`data` itself when nothing changed)."""
    writer, changed = _rewritten(io.BytesIO(data), pairs)
    if not changed:
        return data
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _rewritten(source, pairs: dict[int, int] | None):
    """(a PdfWriter holding the PDF with its ToUnicode maps rewritten, how many changed)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, StreamObject

    pairs = radical_pairs() if pairs is None else pairs
    if not pairs:
        return None, 0
    writer = PdfWriter(clone_from=PdfReader(source))
    changed = 0
    seen: set = set()
    for page in writer.pages:
        for font in _fonts(page.get("/Resources"), seen):
            ref = font.get("/ToUnicode")
            if ref is None:
                continue
            stream = ref.get_object()
            new = rewrite_cmap(stream.get_data().decode("latin-1"), pairs)
            if new is not None:
                replacement = StreamObject()
                replacement.set_data(new.encode("latin-1"))
                font[NameObject("/ToUnicode")] = writer._add_object(replacement)
                changed += 1
    return writer, changed
