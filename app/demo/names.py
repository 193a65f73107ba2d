"""Synthetic Chinese place names for the demo town. Any resemblance to real places is by construction
of common syllables only."""

from __future__ import annotations

import numpy as np

TOWN_NAME = "示范镇"
TOWN_NAME_EN = "Demo Town"

# Functional areas by role; the role decides what each area is built of.
AREA_ROLES: tuple[tuple[str, str, str], ...] = (
    ("old_town", "老镇片区", "Old Town"),
    ("new_town", "新城片区", "New Town"),
    ("industrial", "产业园片区", "Industrial Park"),
    ("science", "科教片区", "Science & Education"),
    ("rural", "田园片区", "Countryside"),
)

_NEIGHBOURHOOD_FIRST = list("锦康丽金绿明和兴华春秋安泰宝银瑞嘉庆福祥润晨景翠云梅桂松竹")
_NEIGHBOURHOOD_SECOND = list("华乐景桂苑阳都城庭园苑湾韵林馨安")
_NEIGHBOURHOOD_SUFFIX = ["新村", "苑", "花园", "小区", "家园", "名邸", "公寓", "城"]
_SURNAMES = list("陈张王李沈徐朱顾陆吴周钱孙杨曹蒋姚许")
_VILLAGE_SUFFIX = ["家浜", "家宅", "家巷", "家湾", "家塘", "家桥", "家埭"]
_ROAD_FIRST = list("春华银申梅康莲古锦虹平金兴航都宝秀振")
_ROAD_SECOND = list("申都梅莲城光华南北东西安宁新兴和")
_ROAD_SUFFIX = ["路", "路", "路", "街", "弄"]
_ARTERIAL_SUFFIX = ["公路", "大道", "路"]
RIVER_NAMES = ("春申塘", "沙港河")


def _unique(rng: np.random.Generator, n: int, make) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        name = make()
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def neighbourhood_names(rng: np.random.Generator, n: int) -> list[str]:
    """Names of neighbourhood committees (居委), e.g. 锦华苑居委."""
    return _unique(
        rng,
        n,
        lambda: (
            rng.choice(_NEIGHBOURHOOD_FIRST)
            + rng.choice(_NEIGHBOURHOOD_SECOND)
            + rng.choice(_NEIGHBOURHOOD_SUFFIX)
            + "居委"
        ),
    )


def village_names(rng: np.random.Generator, n: int) -> list[str]:
    """Names of villages (村), e.g. 陈家浜村."""
    return _unique(rng, n, lambda: rng.choice(_SURNAMES) + rng.choice(_VILLAGE_SUFFIX) + "村")


def road_names(rng: np.random.Generator, n: int, arterial: bool) -> list[str]:
    suffixes = _ARTERIAL_SUFFIX if arterial else _ROAD_SUFFIX
    return _unique(rng, n, lambda: rng.choice(_ROAD_FIRST) + rng.choice(_ROAD_SECOND) + rng.choice(suffixes))
