// Leaflet style functions referenced from Python as {"variable": "gridscope.map.<name>"}.
window.gridscope = Object.assign({}, window.gridscope, {
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
