/* The problems map with tiles, when the operator configured a tile server (DAUYS_TILE_URL).
   Without JavaScript, or without tiles, the page shows the server-drawn overview and the table instead. */
(function () {
  "use strict";
  var box = document.getElementById("tile-map");
  if (!box || !window.L) { return; }
  box.hidden = false;
  var note = document.getElementById("tile-map-note");
  if (note) { note.hidden = false; }
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", box.dataset.label);

  var map = L.map(box, { scrollWheelZoom: false }).setView([48.2, 67.0], 4);
  var credit = document.createElement("span");
  credit.textContent = box.dataset.attribution;  // plain text: never HTML from a setting
  L.tileLayer(box.dataset.tiles, { maxZoom: 18, attribution: credit.innerHTML }).addTo(map);
  map.attributionControl.setPrefix(false);

  fetch(box.dataset.points, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : { points: [] }; })
    .then(function (data) {
      var bounds = [];
      data.points.forEach(function (p) {
        var link = document.createElement("a");
        link.href = p.url;
        link.textContent = p.title;
        L.circleMarker([p.lat, p.lon], { radius: 7, className: "map-point map-point-" + p.status })
          .bindPopup(link)
          .addTo(map);
        bounds.push([p.lat, p.lon]);
      });
      if (bounds.length > 1) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 }); }
      else if (bounds.length === 1) { map.setView(bounds[0], 13); }
      if (data.truncated) {
        var more = document.createElement("p");
        more.className = "meta";
        more.textContent = box.dataset.truncated;
        box.insertAdjacentElement("afterend", more);
      }
    });
})();
