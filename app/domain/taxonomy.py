"""A town's taxonomy: its incident categories (each in one layer, with a colour), sources, station tiers,
departments and risk-site kinds. The demo's tables in `codes` are the shipped default; a settings file may
replace any of them (`[[taxonomy.categories]]` …)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from app.domain import codes

LAYERS = tuple(codes.INCIDENT_LAYERS)
# The default colours of categories, in order (Tableau 10 and its lighter companions).
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6", "#d37295",
)  # fmt: skip
FALLBACK_CATEGORY = "other"


@dataclass(frozen=True)
class Category(codes.Code):
    layer: str = "pain_point"
    color: str = "#888888"


def code_table(rows) -> Mapping:
    """Rows keyed by their code, read-only (settings are frozen)."""
    return MappingProxyType({r.code: r for r in rows})


@dataclass(frozen=True)
class Taxonomy:
    """What the town's data may say; every table maps a stable code to its labels."""

    categories: Mapping[str, Category] = field(default_factory=dict)
    sources: Mapping[str, codes.Code] = field(default_factory=dict)
    station_tiers: Mapping[str, codes.Code] = field(default_factory=dict)
    departments: Mapping[str, codes.Code] = field(default_factory=dict)
    risk_kinds: Mapping[str, codes.Code] = field(default_factory=dict)
    # Where an import files a category no mapping translates ('' = reject the row).
    fallback_category: str = ""

    def __hash__(self) -> int:
        return hash((tuple(self.categories.values()), self.fallback_category))

    def with_categories(self, categories: list[Category]) -> Taxonomy:
        """This taxonomy with another list of categories; its fallback kept only if the list has it."""
        table = code_table(categories)
        fallback = self.fallback_category if self.fallback_category in table else ""
        return replace(self, categories=table, fallback_category=fallback)

    def layer_of(self, category: str) -> str:
        return self.categories[category].layer

    def in_layer(self, layer: str) -> list[str]:
        return [c for c, cat in self.categories.items() if cat.layer == layer]

    def color(self, category: str) -> str:
        cat = self.categories.get(category)
        return cat.color if cat else "#888888"

    def label(self, table: str, code: str | None, lang: str = "zh") -> str:
        """The label of `code` in one of the tables ('categories', 'sources', …); the code itself when the
        table does not know it (data older than the taxonomy stays readable), '' for none."""
        if code is None:
            return ""
        row = getattr(self, table).get(code)
        return row.label(lang) if row else str(code)


def _default() -> Taxonomy:
    cats = [
        Category(c.code, c.zh, c.en, layer=codes.CATEGORY_LAYER[c.code], color=PALETTE[i % len(PALETTE)])
        for i, c in enumerate(codes.CATEGORIES.values())
    ]
    cats.append(Category(FALLBACK_CATEGORY, "其他", "Other", layer="pain_point", color="#7f7f7f"))
    return Taxonomy(
        categories=code_table(cats),
        sources=code_table(codes.SOURCES.values()),
        station_tiers=code_table(codes.STATION_TIERS.values()),
        departments=code_table(codes.DEPARTMENTS.values()),
        risk_kinds=code_table(codes.RISK_SITE_KINDS.values()),
    )


DEFAULT = _default()


_CODE_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


def _entry_text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where} {key} must be non-empty text in quotes, not {value!r}")
    return value.strip()


def parse_table(name: str, entries: object, with_layer: bool = False) -> Mapping:
    """One taxonomy table from a settings file's list of {code, zh, en[, layer, color]}; ValueError naming the
    entry and key when one is not of that form."""
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise ValueError(f"{name} must be a non-empty list of tables, e.g. [[taxonomy.{name}]] code = … zh = … en = …")
    rows, seen = [], set()
    for k, entry in enumerate(entries, start=1):
        where = f"{name} #{k}"
        allowed = {"code", "zh", "en", "layer", "color"} if with_layer else {"code", "zh", "en"}
        unknown = set(entry) - allowed
        if unknown:
            raise ValueError(f"{where}: unknown key {sorted(unknown)[0]}; expected {', '.join(sorted(allowed))}")
        code = _entry_text(entry, "code", where)
        if not (set(code) <= _CODE_CHARS and code[0].isalpha() and len(code) <= 40):
            raise ValueError(f"{where} code must be lower-case letters, digits and _ (e.g. noise), not {code!r}")
        if code in seen:
            raise ValueError(f"{where}: code {code!r} is listed twice")
        seen.add(code)
        zh, en = _entry_text(entry, "zh", where), _entry_text(entry, "en", where)
        if not with_layer:
            rows.append(codes.Code(code, zh, en))
            continue
        layer = entry.get("layer")
        if layer not in LAYERS:
            raise ValueError(f"{where} ({code}) layer must be one of {', '.join(LAYERS)}, not {layer!r}")
        color = entry.get("color", PALETTE[(k - 1) % len(PALETTE)])
        if not (isinstance(color, str) and len(color) == 7 and color[0] == "#" and _is_hex(color[1:])):
            raise ValueError(f"{where} ({code}) color must be #rrggbb, not {color!r}")
        rows.append(Category(code, zh, en, layer=layer, color=color.lower()))
    return code_table(rows)


def _is_hex(text: str) -> bool:
    return all(ch in "0123456789abcdefABCDEF" for ch in text)
