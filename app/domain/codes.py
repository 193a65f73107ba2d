"""Stable English codes and their zh-CN / en labels, in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    zh: str
    en: str

    def label(self, language: str = "zh") -> str:
        return self.zh if language == "zh" else self.en


def _table(*rows: tuple[str, str, str]) -> dict[str, Code]:
    return {code: Code(code, zh, en) for code, zh, en in rows}


INCIDENT_LAYERS = _table(("warning", "预警地图", "Warning map"), ("pain_point", "痛点地图", "Pain-point map"))

WARNING_CATEGORIES = _table(
    ("flood", "防汛防台", "Flood and typhoon"),
    ("construction", "工地安全", "Construction site safety"),
    ("access_control", "门禁安全", "Access control"),
    ("electrical", "用电安全", "Electrical safety"),
)

PAIN_POINT_CATEGORIES = _table(
    ("group_rental", "群租整治", "Group rentals"),
    ("ebike_charging", "电动车充电", "E-bike charging"),
    ("garbage_sorting", "垃圾分类", "Garbage sorting"),
    ("frontage", "门责管理", "Frontage responsibility"),
    ("noise", "噪音扰民", "Noise"),
    ("property_dispute", "物业纠纷", "Property disputes"),
    ("illegal_parking", "违规停车", "Illegal parking"),
    ("illegal_construction", "违法搭建", "Illegal construction"),
)

CATEGORIES = {**WARNING_CATEGORIES, **PAIN_POINT_CATEGORIES}
CATEGORY_LAYER = {c: "warning" for c in WARNING_CATEGORIES} | {c: "pain_point" for c in PAIN_POINT_CATEGORIES}

# Risk-site kinds are the warning categories: a flood site raises flood warnings, and so on.
RISK_SITE_KINDS = WARNING_CATEGORIES

STATUSES = _table(
    ("reported", "已上报", "Reported"),
    ("responded", "已响应", "Responded"),
    ("arrived", "已到场", "On site"),
    ("disposed", "已处置", "Disposed"),
    ("closed", "已办结", "Closed"),
)
# Lifecycle order: an incident only moves forward through these.
STATUS_ORDER = tuple(STATUSES)
# Status words real exports use, understood without a mapping (matched lower-cased, spaces trimmed): the codes,
# their labels, and the common English and Chinese words. "Open" says only that it is not closed: reported.
STATUS_WORDS = {
    **{code: code for code in STATUSES},
    **{s.zh: code for code, s in STATUSES.items()},
    **{s.en.lower(): code for code, s in STATUSES.items()},
    **dict.fromkeys(("open", "new", "submitted", "pending", "待受理", "待处理", "未办结", "已立案"), "reported"),
    **dict.fromkeys(
        ("acknowledged", "assigned", "in progress", "in_progress", "处理中", "已受理", "已派单", "已响应"), "responded"
    ),
    **dict.fromkeys(("on site", "on_site", "已到达", "到场"), "arrived"),
    **dict.fromkeys(("resolved", "done", "已处理", "处置完成"), "disposed"),
    **dict.fromkeys(("closed", "completed", "已关闭", "已结案", "办结", "已完成"), "closed"),
}


def status_code(word: str) -> str:
    """The status code a word of an export means ('' for empty); the word itself when it is not known."""
    return STATUS_WORDS.get(word.strip().lower(), word)


SOURCES = _table(
    ("hotline", "12345热线", "12345 hotline"),
    ("grid_patrol", "网格员巡查", "Grid patrol"),
    ("iot", "物联感知", "IoT sensor"),
    ("resident_app", "居民随手拍", "Resident app"),
    ("video_ai", "视频智能识别", "Video analytics"),
)

STATION_TIERS = _table(
    ("center", "社区党群服务中心", "Community party-mass service center"),
    ("area_center", "片区党群服务中心", "Area party-mass service center"),
    ("station", "居民区党群服务站", "Residential service station"),
    ("building_station", "楼宇党群服务站（白领驿家）", "Building service station"),
    ("micro_space", "党群微空间", "Micro-space"),
)

GRID_KINDS = _table(
    ("town", "镇域", "Town"),
    ("area", "功能片区", "Functional area"),
    ("neighbourhood", "居委", "Neighbourhood committee"),
    ("village_committee", "村委", "Village committee"),
    ("residential", "住宅小区", "Residential"),
    ("commercial", "商务楼宇", "Commercial / office"),
    ("village", "村宅", "Village"),
    ("industrial", "产业园区", "Industrial park"),
    ("campus", "校园", "Campus"),
)

ROAD_KINDS = _table(
    ("arterial", "主干道", "Arterial"),
    ("local", "支路", "Local street"),
    ("path", "步行道", "Footpath"),
)

WARNING_LEVELS = {
    1: Code("1", "蓝色", "Blue"),
    2: Code("2", "黄色", "Yellow"),
    3: Code("3", "橙色", "Orange"),
    4: Code("4", "红色", "Red"),
}
WARNING_LEVEL_COLORS = {1: "#1e6fd9", 2: "#f2c200", 3: "#f57c00", 4: "#d32f2f"}

# The six office party branches that answer when a grid "whistles" (网格吹哨, 机关报到).
DEPARTMENTS = _table(
    ("building_enterprise", "楼宇企业党支部", "Buildings and enterprises branch"),
    ("residential", "居民区党支部", "Residential branch"),
    ("resident_units", "驻区单位党支部", "Resident units branch"),
    ("democratic_participation", "民主参与党支部", "Democratic participation branch"),
    ("city_operation", "城市运行党支部", "City operation branch"),
    ("livelihood_services", "民生服务党支部", "Livelihood services branch"),
)

PAIN_POINT_STATUSES = _table(
    ("worsening", "加重", "Worsening"),
    ("steady", "持平", "Steady"),
    ("improving", "好转", "Improving"),
    ("solved", "30天无新发", "No new case in 30 days"),
)
