"""Who may do what: the one table every request is checked against, on the server, before any view runs.

A request is classified into an action by its method and path; each role has the actions it may take.
A leader's requests are also held to their areas (`area_scope`).
"""

from __future__ import annotations

from app.domain.filters import Filters
from app.errors import AppError
from app.services.accounts import Principal

# Action → the roles that may take it.
RULES: dict[str, frozenset[str]] = {
    "page": frozenset({"admin", "analyst", "leader"}),
    "wall": frozenset({"admin", "analyst", "leader", "wall"}),  # /wall and its data
    "dash": frozenset({"admin", "analyst", "leader", "wall"}),  # Dash's own routes (layouts, callbacks, scripts)
    "read": frozenset({"admin", "analyst", "leader"}),  # GET /api/metrics, /api/incidents
    "snapshot": frozenset({"admin", "analyst", "leader"}),
    "export": frozenset({"admin", "analyst"}),  # data files
    "ingest": frozenset({"admin", "ingest"}),  # live writes
    "admin": frozenset({"admin"}),
}
PUBLIC = ("/login", "/logout", "/api/health", "/assets/", "/wall-link/", "/favicon.ico", "/_favicon.ico")


class Forbidden(AppError):
    status = 403


def is_public(path: str) -> bool:
    return any(path == p or (p.endswith("/") and path.startswith(p)) for p in PUBLIC)


def action_of(method: str, path: str) -> str:
    """The action a request takes ('' = not one of the app's: answered 404 by the app)."""
    if path == "/wall" or path.startswith("/api/wall"):
        return "wall"
    if path.startswith("/_dash") or path.startswith("/_reload-hash"):
        return "dash"
    if path.startswith("/admin"):
        return "admin"
    if path.startswith("/api/export/snapshot"):
        return "snapshot"
    if path.startswith("/api/export"):
        return "export"
    if path.startswith("/api/incidents") and method == "POST":
        return "ingest"
    if path.startswith("/api/"):
        return "read"
    return "snapshot" if path.startswith("/snapshot") else "page"


def may(principal: Principal, action: str) -> bool:
    return principal.role in RULES.get(action, frozenset())


def require(principal: Principal, action: str) -> None:
    if not may(principal, action):
        raise Forbidden(
            f"the {principal.role} role may not do this ({action})",
            f"角色 {principal.role} 无权执行此操作（{action}）",
        )


def area_scope(principal: Principal, asked: tuple[str, ...]) -> tuple[str, ...]:
    """The areas a request may read: what it asked, if all are the principal's; the principal's own when it
    asked none. Forbidden naming the first area outside its scope. () = the whole town."""
    if not principal.areas:
        return asked
    outside = [a for a in asked if a not in principal.areas]
    if outside:
        raise Forbidden(
            f"area {outside[0]} is outside your areas ({', '.join(principal.areas)})",
            f"片区 {outside[0]} 不在您的管辖范围（{', '.join(principal.areas)}）内",
            param="area",
            value=outside[0],
        )
    return asked or principal.areas


def scoped_filters(principal: Principal | None, filters: Filters, area_of: dict[str, str]) -> Filters:
    """`filters` held to the principal's areas: a leader of A01 asking for A02 (or a grid of A02) is refused
    naming it; asking for nothing gets A01. `area_of` maps grid ids to their functional area."""
    if principal is None or not principal.areas:
        return filters
    for grid in filters.grids:
        if area_of.get(grid, "") not in principal.areas:
            raise Forbidden(
                f"grid {grid} is outside your areas ({', '.join(principal.areas)})",
                f"网格 {grid} 不在您的管辖范围（{', '.join(principal.areas)}）内",
                param="grid",
                value=grid,
            )
    return filters.replace(areas=area_scope(principal, filters.areas))
