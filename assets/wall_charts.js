// The wall display's two charts (see wall.js): the 30-day trend of the three 51530 rates and today's volume
// by hour against the usual. SVG with a fixed set of nodes, created once and updated by attribute.
(function () {
    "use strict";
    var SVG = "http://www.w3.org/2000/svg";
    function setText(el, text) { if (el && el.textContent !== text) { el.textContent = text; } }
    function $(id) { return document.getElementById(id); }

    // ---- charts: SVG with a fixed set of nodes, created once ----
    function el(name, attrs, parent) {
        var e = document.createElementNS(SVG, name);
        Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
        if (parent) { parent.appendChild(e); }
        return e;
    }

    function svgBox(host) {
        var r = host.getBoundingClientRect();
        var w = Math.max(r.width, 50), h = Math.max(r.height, 30);
        var svg = el("svg", {viewBox: "0 0 " + w + " " + h, preserveAspectRatio: "none"}, host);
        var fs = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
        return {svg: svg, w: w, h: h, fs: fs, left: fs * 2.8, right: fs * 0.6, top: fs * 0.5, bottom: fs * 1.4};
    }

    function build(W) {
        var tr = svgBox($("wall-trend"));
        tr.grid = [0, 1, 2].map(function () {
            return {line: el("line", {stroke: "#1d3557", "stroke-width": 1}, tr.svg),
                    label: el("text", {"font-size": tr.fs * 0.8, "text-anchor": "end"}, tr.svg)};
        });
        tr.target = el("line", {stroke: "#ff4d4f", "stroke-width": tr.fs * 0.12, "stroke-dasharray": "6 4"}, tr.svg);
        tr.lines = ["respond", "arrive", "dispose"].map(function (s) {
            return el("polyline", {fill: "none", stroke: "var(--w-" + s + ")", "stroke-width": tr.fs * 0.18,
                                   "stroke-linejoin": "round"}, tr.svg);
        });
        tr.xlabels = [0, 1, 2].map(function (i) {
            return el("text", {"font-size": tr.fs * 0.8, "text-anchor": ["start", "middle", "end"][i]}, tr.svg);
        });
        W.trend = tr;
        var hr = svgBox($("wall-hourly"));
        hr.bars = [];
        for (var i = 0; i < 24; i++) { hr.bars.push(el("rect", {fill: "#38d4f5", rx: 1}, hr.svg)); }
        hr.usual = el("polyline", {fill: "none", stroke: "#ffb020", "stroke-width": hr.fs * 0.18}, hr.svg);
        hr.ylabel = el("text", {"font-size": hr.fs * 0.8, "text-anchor": "end"}, hr.svg);
        hr.xlabels = [0, 6, 12, 18, 23].map(function () {
            return el("text", {"font-size": hr.fs * 0.8, "text-anchor": "middle"}, hr.svg);
        });
        hr.base = el("line", {stroke: "#1d3557", "stroke-width": 1}, hr.svg);
        W.hourly = hr;
    }

    function trend(W, tr, target) {
        var c = W.trend, n = tr.days.length, lo = target;
        ["respond", "arrive", "dispose"].forEach(function (s) {
            tr[s].forEach(function (v) { if (v !== null && v < lo) { lo = v; } });
        });
        lo = Math.max(0, Math.floor((lo - 0.02) * 10) / 10);
        var x0 = c.left, x1 = c.w - c.right, y0 = c.h - c.bottom, y1 = c.top;
        function x(i) { return x0 + (x1 - x0) * (n > 1 ? i / (n - 1) : 0); }
        function y(v) { return y0 - (y0 - y1) * (v - lo) / (1 - lo || 1); }
        [lo, (lo + 1) / 2, 1].forEach(function (v, i) {
            var g = c.grid[i];
            g.line.setAttribute("x1", x0); g.line.setAttribute("x2", x1);
            g.line.setAttribute("y1", y(v)); g.line.setAttribute("y2", y(v));
            g.label.setAttribute("x", x0 - c.fs * 0.3); g.label.setAttribute("y", y(v) + c.fs * 0.3);
            setText(g.label, Math.round(v * 100) + "%");
        });
        c.target.setAttribute("x1", x0); c.target.setAttribute("x2", x1);
        c.target.setAttribute("y1", y(target)); c.target.setAttribute("y2", y(target));
        ["respond", "arrive", "dispose"].forEach(function (s, k) {
            var pts = [];
            tr[s].forEach(function (v, i) { if (v !== null) { pts.push(x(i).toFixed(1) + "," + y(v).toFixed(1)); } });
            c.lines[k].setAttribute("points", pts.join(" "));
        });
        [0, Math.floor((n - 1) / 2), n - 1].forEach(function (i, k) {
            var lab = c.xlabels[k];
            lab.setAttribute("x", x(i)); lab.setAttribute("y", c.h - c.fs * 0.25);
            setText(lab, (tr.days[i] || "").slice(5));
        });
    }

    function hourly(W, h) {
        var c = W.hourly, max = 1;
        for (var i = 0; i < 24; i++) { max = Math.max(max, h.today[i], h.usual[i]); }
        var x0 = c.left, x1 = c.w - c.right, y0 = c.h - c.bottom, y1 = c.top, bw = (x1 - x0) / 24;
        function y(v) { return y0 - (y0 - y1) * v / max; }
        var pts = [];
        for (var j = 0; j < 24; j++) {
            var b = c.bars[j], v = j <= h.hour_now ? h.today[j] : 0;
            b.setAttribute("x", (x0 + j * bw + bw * 0.15).toFixed(1));
            b.setAttribute("width", (bw * 0.7).toFixed(1));
            b.setAttribute("y", y(v).toFixed(1));
            b.setAttribute("height", Math.max(0, y0 - y(v)).toFixed(1));
            b.setAttribute("fill", j === h.hour_now ? "#7fe9ff" : "#2aa9cf");
            pts.push((x0 + (j + 0.5) * bw).toFixed(1) + "," + y(h.usual[j]).toFixed(1));
        }
        c.usual.setAttribute("points", pts.join(" "));
        c.base.setAttribute("x1", x0); c.base.setAttribute("x2", x1);
        c.base.setAttribute("y1", y0); c.base.setAttribute("y2", y0);
        c.ylabel.setAttribute("x", x0 - c.fs * 0.3); c.ylabel.setAttribute("y", y1 + c.fs * 0.6);
        setText(c.ylabel, String(Math.round(max)));
        [0, 6, 12, 18, 23].forEach(function (hr, k) {
            var lab = c.xlabels[k];
            lab.setAttribute("x", (x0 + (hr + 0.5) * bw).toFixed(1)); lab.setAttribute("y", c.h - c.fs * 0.25);
            setText(lab, hr + (W.cfg.lang === "en" ? "h" : "时"));
        });
    }


    window.gridscopeWallCharts = {build: build, trend: trend, hourly: hourly};
})();
