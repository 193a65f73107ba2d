"""The Content-Security-Policy's sources: the app's own, and a configured basemap's tile server for images."""

from __future__ import annotations

from app.config import Basemap
from app.web.security import content_security_policy, tile_source


def test_tile_servers_become_image_sources():
    assert tile_source("") == ""
    assert tile_source("http://10.0.0.5:8080/tiles/{z}/{x}/{y}.png") == "http://10.0.0.5:8080"
    assert tile_source("https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY") == "https://*.tianditu.gov.cn"
    assert tile_source("https://tiles.{env}.example.cn/{z}/{x}/{y}.png") == "https:"
    assert tile_source("javascript:alert(1)") == "" and tile_source("/tiles/{z}/{x}/{y}.png") == ""


def test_scripts_only_from_the_app_and_dash_inline_scripts_by_hash():
    policy = content_security_policy(["'sha256-abc='"], Basemap(tile_url="https://t{s}.example.cn/{z}/{x}/{y}"))
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives["script-src"] == "'self' 'sha256-abc='"
    assert directives["img-src"] == "'self' data: https://*.example.cn"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" in directives["style-src"] and "unsafe-eval" not in policy
