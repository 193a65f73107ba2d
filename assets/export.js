// Exports: the snapshot sheet's labels and "ready" marker, and the pages' export dialogs.
window.gridscopeExport = {
    // A permanent label in the middle of each unit (areas, communities or grids) on a snapshot. Leaflet shows
    // a string as HTML: the name goes in as an element's text.
    unitLabel: function (feature, layer) {
        var name = feature.properties && feature.properties.name;
        if (name) {
            var label = document.createElement("span");
            label.textContent = name;
            layer.bindTooltip(label, {permanent: true, direction: "center", className: "gs-snap-label",
                                      interactive: false});
        }
    },
    // The download address of a dialog's form: the page's URL state plus the form's fields. An element with
    // id "<page>-export-<name>" gives parameter <name> (an input's value, or a radio group's checked value);
    // a value like "format=png&scale=2" gives those parameters instead.
    href: function (form) {
        var params = new URLSearchParams(window.location.search);
        ["title", "format", "scale", "paper", "dataset"].forEach(function (k) { params.delete(k); });
        params.set("page", form.getAttribute("data-export-page"));
        form.querySelectorAll("[id]").forEach(function (el) {
            var m = /-export-([a-z]+)$/.exec(el.id);
            if (!m || m[1] === "go") { return; }
            var input = el.tagName === "INPUT" ? el : el.querySelector("input:checked");
            var value = input ? (input.value || "").trim() : "";
            if (!value) { return; }
            if (value.indexOf("=") > 0) {
                new URLSearchParams(value).forEach(function (v, k) { params.set(k, v); });
            } else {
                params.set(m[1], value);
            }
        });
        return form.getAttribute("data-export-endpoint") + "?" + params.toString();
    }
};

// A snapshot is ready when the map has drawn the same layers for three polls in a row (160 ms) and the fonts
// are in.
(function () {
    var last = -1, stable = 0;
    function poll() {
        var sheet = document.querySelector(".gs-snapshot");
        if (!sheet) { last = -1; stable = 0; return; }
        if (sheet.getAttribute("data-ready") === "1") { return; }
        var drawn = sheet.querySelectorAll(".leaflet-pane path, .leaflet-marker-icon, .leaflet-tooltip").length;
        var scale = sheet.querySelector(".leaflet-control-scale-line");
        if (drawn > 0 && scale && drawn === last) { stable += 1; } else { stable = 0; }
        last = drawn;
        if (stable >= 2) {
            document.fonts.ready.then(function () {
                requestAnimationFrame(function () {
                    requestAnimationFrame(function () { sheet.setAttribute("data-ready", "1"); });
                });
            });
        }
    }
    setInterval(poll, 80);
})();

// The pages' export dialogs: a button opens the form, "download" follows the address it builds.
document.addEventListener("click", function (event) {
    var go = event.target.closest && event.target.closest("[data-export-go]");
    if (!go) { return; }
    var dialog = go.closest("[data-export-endpoint]");
    var a = document.createElement("a");
    a.href = window.gridscopeExport.href(dialog);
    a.setAttribute("download", "");
    document.body.appendChild(a);
    a.click();
    a.remove();
    var status = dialog.querySelector("[data-export-status]");
    if (status) { status.textContent = status.getAttribute("data-export-status"); }
});
