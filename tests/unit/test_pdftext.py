"""PDF text of snapshots: radicals that Noto CJK draws with an ideograph's glyph map back to the ideograph."""

from __future__ import annotations

from app.export.pdftext import radical_pairs, rewrite_cmap

CMAP = """/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 beginbfchar
<0001> <2EA0>
<0002> <0041>
endbfchar
1 beginbfrange
<0010> <0012> <2F5A>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end"""


def test_the_installed_font_pairs_radicals_with_their_ideographs():
    pairs = radical_pairs()
    assert pairs[0x2EA0] == ord("民") and pairs[0x2F5A] == ord("片") and pairs[0x2EDB] == ord("风")
    assert all(0x2E80 <= r < 0x2FE0 for r in pairs)


def test_rewrite_cmap_maps_radicals_in_chars_and_ranges():
    pairs = {0x2EA0: ord("民"), 0x2F5A: ord("片")}
    new = rewrite_cmap(CMAP, pairs)
    assert "<0001> <6C11>" in new and "<0002> <0041>" in new
    assert "<0010> <7247>" in new and "<0011> <2F5B>" in new and "<0012> <2F5C>" in new
    assert new.startswith("/CIDInit") and "endcodespacerange" in new and new.rstrip().endswith("end")
    assert rewrite_cmap(CMAP, {0x3000: 0x4E00}) is None  # nothing to change
