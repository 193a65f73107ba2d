// The wall display (/wall): fills the page's fixed skeleton in place from GET /api/wall, rotates the focus
// through the functional areas, shows a banner when data is stale and reloads the page if rendering stops.
// Built to run for weeks: one Leaflet map and layer set created once (canvas for incidents), fixed DOM
// nodes updated with textContent/attributes, one timer chain per job, no growing arrays or listeners.
(function () {
    "use strict";
    if (window.gridscopeWall) { return; }
    var W = window.gridscopeWall = {marks: {script: Math.round(performance.now())}, booted: false, cycles: 0, renders: 0, failures: 0, lastOk: 0, lastRender: 0,
                                     lastChange: 0, fingerprint: null, focusIndex: 0};
    var GRID_COLORS = ["#132a47", "#1f5f8b", "#2f9bb8", "#f0a30a", "#e8590c"];
    var RISK_COLORS = {3: "#f57c00", 4: "#d32f2f"};
    var TIER_COLORS = {center: "#ff6b6b", area_center: "#ffb020", station: "#38d4f5",
                       building_station: "#c77dff", micro_space: "#3ddc84"};

    function $(id) { return document.getElementById(id); }
    function setText(el, text) { if (el && el.textContent !== text) { el.textContent = text; } }
    function pct(v) { return v === null || v === undefined ? "–" : (v * 100).toFixed(1) + "%"; }
    function num(v) { return v === null || v === undefined ? "–" : Number(v).toLocaleString("en-US"); }
    // Clock and banner times in the dataset's zone (meta timezone), whatever the browser's zone is.
    var zoneFormat = null;
    function setZone(zone) {
        try {
            zoneFormat = new Intl.DateTimeFormat("en-US", {timeZone: zone || "Asia/Shanghai", hourCycle: "h23",
                year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
                second: "2-digit", weekday: "short"});
        } catch (e) { zoneFormat = null; }
    }
    function parts(d) {
        if (!zoneFormat) { setZone("Asia/Shanghai"); }
        var out = {};
        zoneFormat.formatToParts(d).forEach(function (p) { out[p.type] = p.value; });
        return out;
    }
    function hms(d) { var p = parts(d); return p.hour + ":" + p.minute + ":" + p.second; }
    function onWall() { return /\/wall\/?$/.test(window.location.pathname); }

    // ---- boot: wait for the skeleton and Leaflet (both arrive after Dash renders) ----
    function getJSON(url, signal) {
        return fetch(url, {cache: "no-store", signal: signal}).then(function (r) {
            if (!r.ok) { throw new Error(url + " " + r.status); }
            return r.json();
        });
    }
    // On /wall, the data is asked for as soon as this script runs, while Dash is still starting: the first
    // paint then waits for the slower of the two, not for both one after the other.
    var early = null;
    if (onWall()) {
        var earlyLang = /[?&]lang=en(&|$)/.test(window.location.search) ? "en" : "zh";
        early = {lang: earlyLang, statics: getJSON("/api/wall/static?lang=" + earlyLang),
                 live: getJSON("/api/wall?lang=" + earlyLang)};
        early.statics.catch(function () { return null; });
        early.live.catch(function () { return null; });
    }

    // Polled often until the wall has started (first paint counts), then rarely (it only has to notice a
    // later visit to /wall after client-side navigation).
    var bootStarted = Date.now(), bootTimer = null;
    function check() {
        if (!onWall()) { return; }
        var root = $("wall-root");
        if (root && window.L && window.gridscopeWallCharts && !W.booted) {
            W.booted = true;
            clearInterval(bootTimer);
            start(root);
            return;
        }
        if (!W.booted && Date.now() - bootStarted > 30000) { reloadWhenHealthy(); }
    }
    bootTimer = setInterval(check, onWall() ? 20 : 1000);

    function reloadWhenHealthy() {
        if (W.reloading) { return; }
        W.reloading = true;
        fetch("/api/health", {cache: "no-store"}).then(function (r) {
            if (r.ok) { window.location.reload(); } else { W.reloading = false; }
        }).catch(function () { W.reloading = false; });
    }

    function start(root) {
        W.marks.boot = Math.round(performance.now());
        var cfg = {
            rotate: parseFloat(root.dataset.rotate) || 0,
            refresh: Math.max(parseFloat(root.dataset.refresh) || 30, 0.1),
            stale: parseFloat(root.dataset.stale) || 0,
            still: parseFloat(root.dataset.still) || 0,
            areas: (root.dataset.areas || "").split(",").filter(Boolean),
            lang: root.dataset.lang || "zh"
        };
        var text = (root.dataset.text || "").split("|");
        cfg.textDown = text[0]; cfg.textStill = text[1]; cfg.textTown = text[2]; cfg.textNone = text[3];
        cfg.textMore = text[4];
        if (!cfg.stale) { cfg.stale = Math.max(2 * cfg.refresh, 10); }
        W.cfg = cfg;
        W.focusList = [""].concat(cfg.areas);
        W.root = root;
        tickClock();
        setInterval(tickClock, 1000);
        setInterval(watchdog, 5000);
        buildMap();
        window.gridscopeWallCharts.build(W);
        loadStatic();
    }

    function tickClock() {
        var p = parts(new Date());
        var zh = {Sun: "星期日", Mon: "星期一", Tue: "星期二", Wed: "星期三", Thu: "星期四", Fri: "星期五", Sat: "星期六"};
        setText($("wall-clock"), p.hour + ":" + p.minute + ":" + p.second);
        setText($("wall-date"), p.year + "-" + p.month + "-" + p.day + " " +
            (W.cfg.lang === "en" ? p.weekday : zh[p.weekday]));
        updateStale();
    }

    // ---- the map: one map, layers created once ----
    function buildMap() {
        // Marks scale with the layout: 1 at 1920 px wide, 2 at 3840.
        W.k = (parseFloat(getComputedStyle(document.documentElement).fontSize) || 16) / 16;
        var map = L.map("wall-map", {
            zoomControl: false, attributionControl: false, keyboard: false, dragging: false, touchZoom: false,
            scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, zoomSnap: 0.05, fadeAnimation: false,
            inertia: false
        });
        map.setView([31.05, 121.42], 13);
        ["wall-grids", "wall-water", "wall-roads", "wall-areas", "wall-sites", "wall-points", "wall-overdue"]
            .forEach(function (name, i) { map.createPane(name).style.zIndex = 400 + i * 10; });
        map.getPane("wall-roads").style.zIndex = 395;
        L.control.scale({imperial: false, position: "bottomright"}).addTo(map);
        W.map = map;
        W.pointsCanvas = L.canvas({pane: "wall-points", padding: 0.1});
        W.overdueCanvas = L.canvas({pane: "wall-overdue", padding: 0.1});
        W.pointsLayer = L.layerGroup().addTo(map);
        W.overdueLayer = L.layerGroup().addTo(map);
    }

    function loadStatic() {
        // The first live payload is fetched alongside the static layers and drawn right after them.
        W.staticReady = false;
        refresh();
        var got = early && early.statics && early.lang === W.cfg.lang ? early.statics
            : getJSON("/api/wall/static?lang=" + W.cfg.lang);
        if (early) { early.statics = null; }
        got.then(function (s) {
            W.marks.staticData = Math.round(performance.now());
            drawStatic(s);
            W.marks.staticDrawn = Math.round(performance.now());
            W.staticReady = true;
            if (W.pending) { safeRender(W.pending); W.pending = null; }
            if (W.cfg.rotate > 0 && W.focusList.length > 1) { setInterval(rotate, W.cfg.rotate * 1000); }
        }).catch(function () {
            W.lastFail = W.lastFail || Date.now();
            updateStale();
            setTimeout(loadStatic, 5000);
        });
    }

    function drawStatic(s) {
        var map = W.map;
        setText($("wall-town"), s.town || "");
        setZone(s.timezone);
        if (s.synthetic) {
            setText($("wall-demo"), W.cfg.lang === "en" ? "Synthetic demo data" : "演示数据 · 虚构城镇");
        }
        W.limits = s.limits;
        W.gridLayers = {};
        L.geoJSON(s.grids, {
            pane: "wall-grids", interactive: false,
            style: function () { return {color: "#2a4a72", weight: 0.6 * W.k, fillColor: GRID_COLORS[0], fillOpacity: 0.85}; },
            onEachFeature: function (f, layer) { W.gridLayers[f.properties.grid_id] = layer; }
        }).addTo(map);
        L.geoJSON(s.water, {pane: "wall-water", interactive: false,
            style: function () { return {color: "#1b4f8a", weight: 0.5, fillColor: "#0e3a6b", fillOpacity: 0.9}; }
        }).addTo(map);
        L.geoJSON(s.roads, {pane: "wall-roads", interactive: false, style: function (f) {
            var k = f.properties.kind;
            return {color: k === "arterial" ? "#4a6e99" : "#233f63", weight: (k === "arterial" ? 2.2 : 0.8) * W.k, opacity: 0.9};
        }}).addTo(map);
        W.areaBounds = {};
        W.areaNames = {};
        W.areaLayers = {};
        var all = L.geoJSON(s.areas, {pane: "wall-areas", interactive: false,
            style: function () { return {color: "#7fb2e5", weight: 2, opacity: 0.8, fill: false}; },
            onEachFeature: function (f, layer) {
                W.areaBounds[f.properties.grid_id] = layer.getBounds();
                W.areaNames[f.properties.grid_id] = f.properties.name;
                W.areaLayers[f.properties.grid_id] = layer;
            }
        }).addTo(map);
        W.townBounds = all.getBounds();
        L.geoJSON(s.stations, {pane: "wall-sites", interactive: false, pointToLayer: function (f, ll) {
            return L.circleMarker(ll, {radius: 5 * W.k, color: "#ffffff", weight: 1.5 * W.k,
                                       fillColor: TIER_COLORS[f.properties.tier] || "#38d4f5", fillOpacity: 1,
                                       pane: "wall-sites", interactive: false});
        }}).addTo(map);
        L.geoJSON(s.risk, {pane: "wall-sites", interactive: false, pointToLayer: function (f, ll) {
            var c = RISK_COLORS[f.properties.level] || "#f57c00";
            return L.marker(ll, {pane: "wall-sites", interactive: false, keyboard: false,
                icon: L.divIcon({className: "", iconSize: [14 * W.k, 14 * W.k], html:
                    '<span style="display:block;width:' + 11 * W.k + "px;height:" + 11 * W.k +
                    "px;transform:rotate(45deg);background:" + c + ";border:" + 2 * W.k +
                    'px solid #fff"></span>'})});
        }}).addTo(map);
        applyFocus(false);
    }

    function focusArea() { return W.focusList[W.focusIndex % W.focusList.length] || ""; }

    function applyFocus(animate) {
        var area = focusArea();
        var b = area && W.areaBounds[area] ? W.areaBounds[area] : W.townBounds;
        W.map.invalidateSize(false);
        if (animate) { W.map.flyToBounds(b, {padding: [20 * W.k, 20 * W.k], duration: 1.2}); }
        else { W.map.fitBounds(b, {padding: [20 * W.k, 20 * W.k], animate: false}); }
        Object.keys(W.areaLayers).forEach(function (id) {
            var on = id === area;
            W.areaLayers[id].setStyle({color: on ? "#ffd166" : "#7fb2e5", weight: (on ? 4 : 2) * W.k, opacity: on ? 1 : 0.8});
        });
        setText($("wall-focus"), area ? (W.areaNames[area] || area) : W.cfg.textTown);
    }

    function rotate() {
        W.focusIndex = (W.focusIndex + 1) % W.focusList.length;
        applyFocus(true);
        refresh(true);
    }

    // ---- refresh: one fetch chain; a slow or dead server never stacks requests ----
    function refresh(now) {
        if (now) { W.wantNow = true; }
        if (W.inFlight) { return; }
        clearTimeout(W.timer);
        W.inFlight = true;
        W.wantNow = false;
        var area = focusArea();
        var ctl = window.AbortController ? new AbortController() : null;
        var killer = setTimeout(function () { if (ctl) { ctl.abort(); } }, Math.max(W.cfg.refresh * 1000, 8000));
        var got = early && early.live && early.lang === W.cfg.lang && !area ? early.live
            : getJSON("/api/wall?lang=" + W.cfg.lang + (area ? "&area=" + encodeURIComponent(area) : ""),
                      ctl ? ctl.signal : undefined);
        if (early) { early.live = null; }
        got.then(function (d) {
                W.lastOk = Date.now();
                W.lastFail = 0;
                W.cycles += 1;
                if (d.area !== focusArea()) { return; }
                if (W.staticReady) { safeRender(d); } else { W.pending = d; }
            })
            .catch(function () { W.lastFail = W.lastFail || Date.now(); W.failures += 1; })
            .then(function () {
                clearTimeout(killer);
                W.inFlight = false;
                updateStale();
                W.timer = setTimeout(refresh, W.wantNow ? 0 : W.cfg.refresh * 1000);
            });
    }

    function safeRender(d) {
        try {
            render(d);
            W.renderErrors = 0;
            W.lastRender = Date.now();
            W.renders += 1;
            if (!W.root.hasAttribute("data-ready")) {
                W.marks.rendered = Math.round(performance.now());
                // First paint: navigation start → the frame that shows the first payload (tiles, map, charts).
                requestAnimationFrame(function () {
                    W.firstPaint = Math.round(performance.now());
                    W.root.setAttribute("data-first-paint", String(W.firstPaint));
                });
            }
            W.root.setAttribute("data-ready", "1");
            W.root.setAttribute("data-cycles", String(W.renders));
        } catch (e) {
            W.renderErrors = (W.renderErrors || 0) + 1;
            if (window.console) { console.warn("wall render failed", e); }
            if (W.renderErrors >= 3) { reloadWhenHealthy(); }
        }
    }

    function watchdog() {
        if (!onWall()) { return; }
        var root = $("wall-root");
        if (W.booted && (!root || root !== W.root)) { reloadWhenHealthy(); return; }
        // Answers arrive but nothing has been drawn for a long time: the page is wedged.
        var limit = Math.max(3 * W.cfg.refresh * 1000, 60000);
        var since = W.lastRender || W.bootAt || Date.now();
        if (W.lastOk && Date.now() - W.lastOk < limit && Date.now() - since > limit) { reloadWhenHealthy(); }
    }
    W.bootAt = Date.now();

    function updateStale() {
        var cfg = W.cfg, banner = $("wall-stale");
        if (!cfg || !banner) { return; }
        var now = Date.now(), msg = "";
        if (W.lastFail && now - (W.lastOk || W.bootAt) > cfg.stale * 1000) {
            msg = cfg.textDown.replace("{t}", hms(new Date(W.lastOk || W.lastFail)));
        } else if (cfg.still > 0 && W.lastChange && now - W.lastChange > cfg.still * 1000) {
            msg = cfg.textStill.replace("{t}", hms(new Date(W.lastChange)));
        }
        setText(banner, msg);
        if (banner.hidden !== !msg) { banner.hidden = !msg; }
        W.root.classList.toggle("wall-is-stale", !!msg);
    }

    // ---- render one payload ----
    function render(d) {
        var t = d.tiles, fp = [d.data_until, t.count, d.open.total, d.open.overdue,
                               d.ticker.length ? d.ticker[0].id + d.ticker[0].stage : ""].join("|");
        if (fp !== W.fingerprint) { W.fingerprint = fp; W.lastChange = Date.now(); }
        setText($("wall-asof"), d.data_until.slice(0, 16));
        setText($("wall-today"), d.today);
        tile("count", num(t.count), "", null);
        tile("open", num(t.open), "", t.open > 0 ? "wall-warn" : null);
        tile("overdue", num(t.overdue), "", t.overdue > 0 ? "wall-bad" : "wall-good");
        tile("closure", pct(t.closure_rate), "", null);
        ["respond", "arrive", "dispose"].forEach(function (s) {
            var st = t[s], target = d.target;
            var cls = st.rate === null ? null : (st.rate >= target ? "wall-good" : "wall-bad");
            var sub = (W.cfg.lang === "en" ? "target " : "目标 ") + Math.round(target * 100) + "% · " +
                num(st.met) + "/" + num(st.met + st.missed);
            tile(s, pct(st.rate), sub, cls);
        });
        tile("satisfaction", t.satisfaction === null ? "–" : t.satisfaction.toFixed(2), "/ 5", null);
        drawGrids(d.open.grids);
        drawPoints(d.open);
        window.gridscopeWallCharts.trend(W, d.trend, d.target);
        window.gridscopeWallCharts.hourly(W, d.hourly);
        drawPain(d.pain);
        drawTicker(d.ticker);
    }

    function tile(key, value, sub, cls) {
        var el = $("wall-tile-" + key);
        setText($("wall-value-" + key), value);
        setText($("wall-sub-" + key), sub || "\u00a0");
        ["wall-good", "wall-bad", "wall-warn"].forEach(function (c) { el.classList.toggle(c, c === cls); });
    }

    function drawGrids(grids) {
        var values = [];
        Object.keys(grids).forEach(function (g) { values.push(grids[g][0]); });
        values.sort(function (a, b) { return a - b; });
        function q(p) { return values.length ? values[Math.min(values.length - 1, Math.floor(p * values.length))] : 1; }
        var breaks = [1, Math.max(2, q(0.5)), Math.max(3, q(0.75)), Math.max(4, q(0.9))];
        for (var i = 1; i < breaks.length; i++) { if (breaks[i] <= breaks[i - 1]) { breaks[i] = breaks[i - 1] + 1; } }
        Object.keys(W.gridLayers).forEach(function (g) {
            var v = grids[g] ? grids[g][0] : 0, k = 0;
            while (k < breaks.length && v >= breaks[k]) { k++; }
            var layer = W.gridLayers[g];
            if (layer._wallClass !== k) {
                layer._wallClass = k;
                layer.setStyle({fillColor: GRID_COLORS[k]});
            }
        });
        var key = breaks.join(",");
        if (key !== W.scaleKey) {
            W.scaleKey = key;
            var scale = $("wall-scale"), labels = ["0"];
            for (var j = 0; j < breaks.length; j++) {
                labels.push(j === breaks.length - 1 ? "≥" + breaks[j]
                    : (breaks[j + 1] - 1 > breaks[j] ? breaks[j] + "–" + (breaks[j + 1] - 1) : String(breaks[j])));
            }
            while (scale.childNodes.length < labels.length) { scale.appendChild(document.createElement("span")); }
            labels.forEach(function (l, n) { scale.childNodes[n].textContent = l; scale.childNodes[n].style.background = GRID_COLORS[n]; });
        }
    }

    function drawPoints(open) {
        setText($("wall-open-total"), num(open.total));
        setText($("wall-overdue-total"), num(open.overdue));
        var more = open.total - open.points.length;
        setText($("wall-more"), more > 0 ? W.cfg.textMore.replace("{n}", num(more)) : "");
        var key = open.total + "|" + open.overdue + "|" + open.points.length + "|" +
            (open.points.length ? open.points[0].join(",") + open.points[open.points.length - 1].join(",") : "");
        if (key === W.pointsKey) { return; }
        W.pointsKey = key;
        W.pointsLayer.clearLayers();
        W.overdueLayer.clearLayers();
        for (var i = 0; i < open.points.length; i++) {
            var p = open.points[i], ll = [p[1], p[0]];
            if (p[2]) {
                W.overdueLayer.addLayer(L.circleMarker(ll, {renderer: W.overdueCanvas, radius: 9 * W.k, stroke: false,
                    fillColor: "#ff4d4f", fillOpacity: 0.35, interactive: false}));
                W.pointsLayer.addLayer(L.circleMarker(ll, {renderer: W.pointsCanvas, radius: 4 * W.k, color: "#fff",
                    weight: W.k, fillColor: "#ff4d4f", fillOpacity: 1, interactive: false}));
            } else {
                W.pointsLayer.addLayer(L.circleMarker(ll, {renderer: W.pointsCanvas, radius: 4.5 * W.k, color: "#3a2a00",
                    weight: W.k, fillColor: "#ffb020", fillOpacity: 1, interactive: false}));
            }
        }
    }

    function drawPain(rows) {
        var els = $("wall-pain").children;
        for (var i = 0; i < els.length; i++) {
            var r = rows[i], cells = els[i].children;
            setText(cells[0], r ? String(r.rank) : "");
            setText(cells[1], r ? r.category : (i === 0 ? W.cfg.textNone : ""));
            setText(cells[2], r ? r.place : "");
            setText(cells[3], r ? num(r.n_30d) : "");
            setText(cells[4], r ? r.status_label : "");
            var cls = "wall-pain-row" + (r ? " wall-" + r.status : "");
            if (els[i].className !== cls) { els[i].className = cls; }
        }
    }

    function drawTicker(rows) {
        var els = $("wall-ticker").children, seen = W.tickerIds || {}, ids = {};
        for (var i = 0; i < els.length; i++) {
            var r = rows[i], cells = els[i].children;
            setText(cells[0], r ? r.time : "");
            setText(cells[1], r ? r.place : (i === 0 ? W.cfg.textNone : ""));
            setText(cells[2], r ? r.category : "");
            setText(cells[3], r ? r.stage : "");
            var fresh = r && W.tickerIds && !seen[r.id];
            var cls = "wall-ticker-row" + (r && r.overdue ? " wall-od" : "") + (fresh ? " wall-new" : "");
            if (els[i].className !== cls) { els[i].className = cls; }
            if (r) { ids[r.id] = true; }
        }
        W.tickerIds = ids;
    }
})();
