/* The problems map: the problems of the current filters that have a point, drawn on the instance's own map.
   Without JavaScript or WebGL the page's server-drawn map of the regions and its table are the map. */
import { openMap } from "./mapstyle.js";

const box = document.getElementById("problems-map");

async function start() {
  if (!box) { return; }
  const settings = JSON.parse(document.getElementById("map-settings").textContent);
  const opened = await openMap(box, settings, () => ({ bounds: [[46.4, 40.5], [87.4, 55.5]] }));
  if (!opened) { return; }
  const { map, maplibregl } = opened;
  const ready = new Promise((resolve) => { if (map.loaded()) { resolve(); } else { map.once("load", resolve); } });
  const note = document.getElementById("problems-map-note");
  if (note) { note.hidden = false; }
  const answer = await fetch(box.dataset.points, { headers: { Accept: "application/json" } });
  const data = answer.ok ? await answer.json() : { points: [] };
  const features = data.points.map((p) => ({
    type: "Feature", geometry: { type: "Point", coordinates: [p.lon, p.lat] },
    properties: { title: p.title, url: p.url, status: p.status },
  }));
  const draw = () => {
    map.addSource("problems", { type: "geojson", data: { type: "FeatureCollection", features } });
    map.addLayer({ id: "problems", type: "circle", source: "problems", paint: {
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 4, 4, 14, 8],
      "circle-color": ["match", ["get", "status"], "open", "#0b5cad", "resolved", "#1e7a3c", "#6b7280"],
      "circle-stroke-color": "#ffffff", "circle-stroke-width": 1.5 } });
    map.on("click", "problems", (event) => {
      const feature = event.features[0];
      const link = document.createElement("a");
      link.href = feature.properties.url;
      link.textContent = feature.properties.title;  // text, never markup
      new maplibregl.Popup().setLngLat(feature.geometry.coordinates).setDOMContent(link).addTo(map);
    });
    map.on("mouseenter", "problems", () => { map.getCanvas().style.cursor = "pointer"; });
    map.on("mouseleave", "problems", () => { map.getCanvas().style.cursor = ""; });
  };
  await ready;  // the style is loaded once: points that come later are drawn then
  draw();
  if (data.truncated) { box.insertAdjacentText("afterend", box.dataset.truncated); }
}

start();
