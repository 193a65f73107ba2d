// Leaflet style functions referenced from Python as {"variable": "gridscope.map.<name>"}.
// Marker HTML built here holds no text from the data but through `esc` (names, codes, counts).
window.gridscope = Object.assign({}, window.gridscope, {
    esc: function (value) {
        return String(value === null || value === undefined ? "" : value).replace(/[&<>"']/g, function (c) {
            return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
        });
    },
    map: {
        roadStyle: function (feature) {
            var kind = feature.properties.kind;
            if (kind === "arterial") {
                return {color: "#f2c572", weight: 4, opacity: 1, lineCap: "round"};
            }
            if (kind === "path") {
                return {color: "#a89f91", weight: 1, opacity: 0.8, dashArray: "3 3"};
            }
            return {color: "#ffffff", weight: 2, opacity: 1, lineCap: "round"};
        },
        waterStyle: function () {
            return {color: "#7aa9d6", weight: 0.6, fillColor: "#9fc4ea", fillOpacity: 0.95};
        },
        gridStyle: function (feature, context) {
            var palette = (context && context.hideout && context.hideout.palette) || {};
            return {
                color: "#ffffff", weight: 0.8, opacity: 0.9,
                fillColor: palette[feature.properties.area_id] || "#9aa5b1", fillOpacity: 0.32
            };
        },
        gridHover: function () {
            return {weight: 2.5, color: "#1f2d3d", fillOpacity: 0.55};
        },
        boundaryStyle: function (feature) {
            if (feature.properties.level === 1) {
                return {color: "#1f2d3d", weight: 3, opacity: 0.9, fill: false};
            }
            return {color: "#44546a", weight: 1.4, opacity: 0.8, dashArray: "5 4", fill: false};
        }
    }
});

// Coverage page: grids by covered share, circles and stations by tier, suggested sites.
window.gridscope.coverage = {
    tierColors: {
        center: "#b71c1c", area_center: "#e65100", station: "#1565c0",
        building_station: "#6a1b9a", micro_space: "#2e7d32"
    },
    tierGlyphs: {center: "中", area_center: "片", station: "站", building_station: "楼", micro_space: "微"},
    shareColor: function (share, hideout) {
        if (share === null || share === undefined) { return "#bdbdbd"; }
        var breaks = hideout.breaks, colors = hideout.colors;
        for (var i = 0; i < breaks.length; i++) {
            if (share < breaks[i]) { return colors[i]; }
        }
        return colors[colors.length - 1];
    },
    gridStyle: function (feature, context) {
        var h = context.hideout;
        var share = feature.properties.covered_share;
        var blind = share === 0;
        return {
            fillColor: window.gridscope.coverage.shareColor(share, h), fillOpacity: 0.5,
            color: blind ? "#b71c1c" : "#ffffff", weight: blind ? 2.5 : 0.6, dashArray: blind ? "6 4" : null
        };
    },
    circleStyle: function (feature) {
        var c = window.gridscope.coverage.tierColors[feature.properties.tier] || "#455a64";
        var buffer = feature.properties.method === "buffer";
        return {color: c, weight: 1, opacity: 0.4, fillColor: c, fillOpacity: 0.015, dashArray: buffer ? "4 4" : null};
    },
    stationMarker: function (feature, latlng) {
        var cov = window.gridscope.coverage;
        var tier = feature.properties.tier, esc = window.gridscope.esc;
        var html = '<span class="gs-station gs-station-' + esc(tier) + '">' + esc(cov.tierGlyphs[tier] || "站") +
            "</span>";
        return L.marker(latlng, {icon: L.divIcon({html: html, className: "gs-divicon", iconSize: [22, 22]}),
                                 keyboard: false, title: feature.properties.name});
    },
    suggestionMarker: function (feature, latlng) {
        var html = '<span class="gs-suggest">' + window.gridscope.esc(feature.properties.rank) + "</span>";
        return L.marker(latlng, {icon: L.divIcon({html: html, className: "gs-divicon", iconSize: [26, 26]}),
                                 keyboard: false});
    },
    whatIfStyle: function () {
        return {color: "#d81b60", weight: 2.5, fillColor: "#d81b60", fillOpacity: 0.12, dashArray: "8 4"};
    },
    whatIfMarker: function (feature, latlng) {
        var html = '<span class="gs-whatif">＋</span>';
        return L.marker(latlng, {icon: L.divIcon({html: html, className: "gs-divicon", iconSize: [26, 26]})});
    }
};

// Leaders' map: units shaded by the chosen metric, incidents as canvas dots or counted cells.
window.gridscope.leaders = {
    colorOf: function (value, hideout) {
        if (value === null || value === undefined) { return "#e0e0e0"; }
        var b = hideout.breaks || [], c = hideout.colors || [];
        for (var i = 0; i < b.length; i++) { if (value < b[i]) { return c[i]; } }
        return c[c.length - 1];
    },
    unitStyle: function (feature, context) {
        var h = context.hideout || {};
        var p = feature.properties;
        var selected = h.selected && h.selected === p.grid_id;
        return {
            fillColor: window.gridscope.leaders.colorOf(p[h.metric], h), fillOpacity: 0.6,
            color: selected ? "#0d47a1" : "#ffffff", weight: selected ? 4 : 1.2, opacity: 1
        };
    },
    unitHover: function () { return {weight: 3, color: "#1f2d3d"}; },
    // The map's bounds and zoom reach the server once a movement has settled (Leaflet moveend, then 250 ms
    // of quiet). Tracked on every moveend, an animated fly-to drew 8-25 rounds of the incidents callback, and
    // writing the map's own center back to it while it still moved restarted the move.
    viewportSettled: function (e, ctx) {
        var map = e.target;
        clearTimeout(map._gsSettled);
        map._gsSettled = setTimeout(function () {
            var b = map.getBounds();
            var bounds = [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]];
            ctx.setProps({zoom: map.getZoom(), bounds: bounds});
        }, 250);
    },
    incidentMarker: function (feature, latlng) {
        var p = feature.properties;
        if (p.n !== undefined) {
            var size = Math.round(22 + 10 * Math.log10(p.n));
            var hot = p.overdue_n > 0 ? " gs-bin-hot" : "";
            var html = '<span class="gs-bin' + hot + '" style="width:' + size + "px;height:" + size + 'px">' +
                window.gridscope.esc(p.n) + "</span>";
            return L.marker(latlng, {icon: L.divIcon({html: html, className: "gs-divicon", iconSize: [size, size]}),
                                     keyboard: false, interactive: false});
        }
        var color = p.overdue ? "#d50000" : (p.layer === "warning" ? "#e65100" : "#5e35b1");
        // SVG, not canvas: a canvas over the map would swallow clicks meant for the units below.
        return L.circleMarker(latlng, {radius: p.overdue ? 6 : 4.5,
                                       color: "#ffffff", weight: 1, fillColor: color, fillOpacity: 0.9});
    },
    riskSite: function (feature, latlng) {
        var colors = {1: "#1e6fd9", 2: "#f2c200", 3: "#f57c00", 4: "#d32f2f"};
        var level = feature.properties.warning_level;
        return L.circleMarker(latlng, {radius: 3 + level, color: "#263238", weight: 1,
                                       fillColor: colors[level] || "#999", fillOpacity: 0.95});
    },
    painPoint: function (feature, latlng) {
        var colors = {worsening: "#c62828", steady: "#6d4c41", improving: "#2e7d32", solved: "#607d8b"};
        var p = feature.properties;
        var html = '<span class="gs-pain-rank gs-pain-pin" style="background:' + (colors[p.status] || "#6d4c41") +
            '">' + window.gridscope.esc(p.rank) + "</span>";
        return L.marker(latlng, {icon: L.divIcon({html: html, className: "gs-divicon", iconSize: [22, 22]}),
                                 title: p.tooltip_text || ""});
    }
};

// Leaders' map side panel: the server sends its blocks as escaped HTML text keyed by container id (see
// app/web/components/markup.py, where every text from the data is escaped); writing them here spares the Dash
// renderer some 200 components per change.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    leaders: {
        drawPanel: function (blocks) {
            Object.keys(blocks || {}).forEach(function (id) {
                var box = document.getElementById(id);
                if (box) { box.innerHTML = blocks[id]; }
            });
            return window.dash_clientside.no_update;
        }
    },
    // The one way a page writes its view state (a query string, "?…") to the address bar; see
    // app/web/components/url_state.py. `rerender`: the pages router builds the page again from the new
    // address (a new history entry, as dcc.Location's callback navigation); otherwise the entry is replaced
    // in place and the page redraws itself through its own callbacks.
    url: {
        write: function (search, rerender) {
            if (search === undefined || search === null) { return window.dash_clientside.no_update; }
            if (typeof search === "object") {  // {search, rerender}: a write that says how itself
                rerender = search.rerender;
                search = search.search;
            }
            var query = search === "?" ? "" : search;
            if (window.location.search === query) { return search; }
            var href = window.location.pathname + query;
            if (rerender) {
                window.history.pushState({}, "", href);
                window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
            } else {
                window.history.replaceState(null, "", href);
            }
            return search;
        }
    }
});

// Sign out: POST /logout with the session's CSRF token (the cookie Dash echoes too), then go to the sign-in page.
document.addEventListener("click", function (event) {
    if (!event.target || event.target.id !== "app-logout") {
        return;
    }
    var match = document.cookie.match(/(?:^|;\s*)_csrf_token=([^;]*)/);
    fetch("/logout", {method: "POST", headers: {"X-CSRFToken": match ? decodeURIComponent(match[1]) : ""},
                      credentials: "same-origin"})
        .finally(function () { window.location.href = "/login"; });
});
