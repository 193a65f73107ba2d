"""UI strings in zh-CN (default) and English. Codes (categories, statuses…) carry their own labels."""

from __future__ import annotations

LANGS = ("zh", "en")

STRINGS: dict[str, tuple[str, str]] = {
    "nav.home": ("首页", "Home"),
    "nav.map": ("领导一张图", "Leaders' map"),
    "nav.coverage": ("生活圈覆盖", "Service circles"),
    "nav.performance": ("响应绩效", "Performance"),
    "map.title": ("领导一张图", "Leaders' map"),
    "map.town": ("全镇", "Whole town"),
    "map.search": ("搜索网格、居村、站点或事件编号", "Search a grid, community, station or incident id"),
    "map.search.none": ("未找到", "Nothing found"),
    "map.no_grids": (
        "尚未导入网格：地图只显示道路。运行 gridscope import grids 网格文件 导入网格后，事件、站点与覆盖才按网格统计。",
        "No grids imported yet: the map shows the roads only. Run gridscope import grids FILE to import them; "
        "incidents, stations and coverage are then counted by grid.",
    ),
    "login.title": ("登录", "Sign in"),
    "login.username": ("账号", "User name"),
    "login.password": ("密码", "Password"),
    "login.submit": ("登录", "Sign in"),
    "nav.logout": ("退出登录", "Sign out"),
    "missing.title": ("本镇尚未导入：", "Not imported yet:"),
    "missing.incidents": (
        "事件 — 51530 指标、预警与痛点都来自事件。导入：gridscope import incidents 工单导出.csv"
        "（先加 --dry-run --write-mapping 映射.toml 列出需要对应的取值）",
        "Incidents — the 51530 figures, warnings and pain points come from them. Import: gridscope import "
        "incidents EXPORT.csv (first with --dry-run --write-mapping MAPPING.toml to list the values to map)",
    ),
    "missing.stations": (
        "党群服务站点 — 生活圈覆盖需要站点。导入：gridscope import stations 站点.geojson",
        "Service stations — coverage needs them. Import: gridscope import stations STATIONS.geojson",
    ),
    "missing.roads": (
        "步行路网 — 没有路网时生活圈按直线距离缓冲计算。导入：gridscope import roads 路网.geojson（或 OSM 提取文件）",
        "Walking network — without it the circles are straight-line buffers. Import: gridscope import roads "
        "ROADS.geojson (or an OSM extract)",
    ),
    "missing.risk_sites": (
        "风险点位 — 预警地图的风险点。导入：gridscope import risk-sites 风险点.geojson",
        "Risk sites — the warning map's sites. Import: gridscope import risk-sites SITES.geojson",
    ),
    "coverage.buffers": (
        "{n} / {total} 个站点的生活圈为直线缓冲（附近没有可步行道路），不是步行范围。",
        "{n} of {total} stations' circles are straight-line buffers (no walkable road nearby), not walks.",
    ),
    "empty.title": ("数据库为空", "The database is empty"),
    "empty.text": (
        "运行 gridscope demo 生成示范镇，或用 gridscope import 导入本镇数据（先导入网格）。",
        "Run gridscope demo to build the demo town, or gridscope import to load your town's data (grids first).",
    ),
    "map.count": ("筛选范围内事件", "Incidents matching the filters"),
    "map.in_view": ("视野内", "in view"),
    "map.more": ("另有 {n} 件未逐点显示 — 放大地图查看", "{n} more not drawn one by one — zoom in"),
    "map.bins": ("视野内 {n} 件，按网格聚合显示 — 放大查看逐点", "{n} in view, shown as cells — zoom in for points"),
    "map.layers": ("图层", "Layers"),
    "map.metric": ("网格着色", "Shade units by"),
    "metric.open_n": ("未办结事件", "Open incidents"),
    "metric.per_1000": ("每千人事件", "Incidents per 1,000 residents"),
    "metric.compliance": ("51530达标率", "51530 compliance"),
    "metric.coverage": ("15分钟生活圈覆盖率", "15-minute coverage"),
    "layer.grids": ("网格", "Grids"),
    "layer.stations": ("党群服务阵地", "Service stations"),
    "layer.circles": ("15分钟生活圈", "15-minute circles"),
    "layer.warning": ("预警地图（风险点）", "Warning map (risk sites)"),
    "layer.pain": ("痛点地图（痛点）", "Pain-point map (pain points)"),
    "layer.incidents": ("事件", "Incidents"),
    "legend": ("图例", "Legend"),
    "legend.incident.warning": ("预警事件", "Warning incident"),
    "legend.incident.pain_point": ("痛点事件", "Pain-point incident"),
    "legend.incident.overdue": ("超时未办", "Overdue"),
    "legend.bins": ("事件聚合（数字为件数）", "Incident cells (count)"),
    "legend.no_data": ("无数据", "No data"),
    "unit.population": ("常住人口", "Residents"),
    "unit.stations": ("党群服务阵地", "Service stations"),
    "unit.incidents": ("事件", "Incidents"),
    "unit.open": ("未办结", "Open"),
    "unit.overdue": ("超时", "Overdue"),
    "unit.coverage": ("15分钟覆盖", "15-min coverage"),
    "unit.rates": ("51530 达标率", "51530 compliance"),
    "unit.by_category": ("按类别", "By category"),
    "unit.pain_points": ("痛点排行", "Pain points, ranked"),
    "unit.pain.n": ("近90天 {n} 件", "{n} in 90 days"),
    "stage.respond": ("响应≤{m}分", "Respond ≤{m} min"),
    "stage.arrive": ("到场≤{m}分", "Arrive ≤{m} min"),
    "stage.dispose": ("处置≤{m}分", "Dispose ≤{m} min"),
    "timeline": ("事件全流程", "Incident lifecycle"),
    "timeline.escalated": ("网格吹哨 · 报到：{d}", "Escalated to: {d}"),
    "timeline.met": ("达标", "met"),
    "timeline.missed": ("超时", "late"),
    "timeline.pending": ("进行中", "pending"),
    "timeline.minutes": ("{m:.0f} 分钟", "{m:.0f} min"),
    "nav.wall": ("城运大屏", "Wall display"),
    "wall.title": ("城运中心 · 网格一张图", "City operation center · GridScope"),
    "wall.focus": ("当前聚焦", "Focus"),
    "wall.today": ("今日", "Today"),
    "wall.tile.count": ("今日事件", "Incidents today"),
    "wall.tile.open": ("今日未办结", "Open (today's)"),
    "wall.tile.overdue": ("今日超时未办", "Overdue (today's)"),
    "wall.tile.closure": ("今日办结率", "Closure rate"),
    "wall.tile.respond": ("5分钟响应率", "Respond ≤5 min"),
    "wall.tile.arrive": ("15分钟到场率", "Arrive ≤15 min"),
    "wall.tile.dispose": ("30分钟处置率", "Dispose ≤30 min"),
    "wall.tile.satisfaction": ("满意度", "Satisfaction"),
    "wall.stage.respond": ("响应", "Respond"),
    "wall.stage.arrive": ("到场", "Arrive"),
    "wall.stage.dispose": ("处置", "Dispose"),
    "wall.target": ("目标", "Target"),
    "wall.trend": ("近30天 51530 达标率", "51530, 30 days"),
    "wall.hourly": ("今日分时事件量", "By hour today"),
    "wall.hourly.today": ("今日", "Today"),
    "wall.hourly.usual": ("同星期平均", "Usual weekday"),
    "wall.pain": ("痛点排行", "Top pain points"),
    "wall.ticker": ("最新事件", "Newest incidents"),
    "wall.legend.open": ("在办事件", "Open incidents"),
    "wall.legend.overdue": ("超时未办", "Overdue"),
    "wall.legend.risk": ("橙/红色预警风险点", "Orange/red risk sites"),
    "wall.legend.grids": ("网格在办事件数", "Open incidents per grid"),
    "wall.stale.down": (
        "数据未更新 · 自 {t} 起无法连接服务器，显示最后一次数据",
        "Data stale since {t}: the server does not answer; showing the last good view",
    ),
    "wall.stale.still": ("数据未更新 · 自 {t} 起数据无变化", "Data stale since {t}: no change in the data"),
    "wall.no_data": ("暂无", "none"),
    "wall.more": ("另有 {n} 件未逐点显示", "{n} more not drawn"),
    "lang.switch": ("English", "中文"),
    "data_until": ("数据截至", "Data as of"),
}


def t(key: str, lang: str = "zh", **values: object) -> str:
    zh, en = STRINGS[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


def parse_lang(value: str | None) -> str:
    return value if value in LANGS else "zh"
