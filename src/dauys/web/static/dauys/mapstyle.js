/* What every interactive map of Dauys shares: whether the browser can draw one, and its style. The outlines of the
   regions, cities and districts come from the instance; streets from its own tile archive when it has one (or from
   the operator's raster tile server). Nothing is asked of a third party. */
export function hasWebGL() {
  try {
    const canvas = document.createElement("canvas");
    return Boolean(canvas.getContext("webgl2") || canvas.getContext("webgl"));
  } catch (error) {
    return false;
  }
}

function streetLayers() {
  // The Protomaps basemap schema (earth, water, landuse, roads, buildings, boundaries), drawn without labels:
  // labels would need glyphs, and this map only needs streets and blocks to put a pin on.
  const roads = (kinds, colour, width) => ({
    id: "roads-" + kinds[0], type: "line", source: "streets", "source-layer": "roads",
    filter: ["in", ["get", "kind"], ["literal", kinds]],
    paint: { "line-color": colour, "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 8, width / 4, 18, width * 4] },
  });
  return [
    { id: "earth", type: "fill", source: "streets", "source-layer": "earth", paint: { "fill-color": "#f4f1ea" } },
    { id: "parks", type: "fill", source: "streets", "source-layer": "landuse",
      filter: ["in", ["get", "kind"], ["literal", ["park", "forest", "wood", "grass", "nature_reserve"]]],
      paint: { "fill-color": "#dcebd3" } },
    { id: "water", type: "fill", source: "streets", "source-layer": "water", paint: { "fill-color": "#b9d3ea" } },
    { id: "buildings", type: "fill", source: "streets", "source-layer": "buildings", minzoom: 14,
      paint: { "fill-color": "#e2ddd3" } },
    roads(["path", "other"], "#ffffff", 0.8),
    roads(["minor_road"], "#ffffff", 1.5),
    roads(["major_road"], "#fbe3a5", 2.5),
    roads(["highway"], "#f6c66b", 3.5),
  ];
}

export function styleOf(settings) {
  const sources = { outlines: { type: "geojson", data: settings.outlines, attribution: "geokz (CC BY 4.0)" } };
  const layers = [{ id: "background", type: "background", paint: { "background-color": "#dfe8f1" } }];
  layers.push({ id: "land", type: "fill", source: "outlines", filter: ["==", ["get", "level"], "unit"],
                paint: { "fill-color": "#f7f5ef" } });
  if (settings.vector) {
    sources.streets = { type: "vector", tiles: [location.origin + settings.vector],
                        minzoom: settings.minzoom, maxzoom: settings.maxzoom,
                        attribution: "© OpenStreetMap contributors" };
    layers.push(...streetLayers());
  } else if (settings.raster) {
    sources.raster = { type: "raster", tiles: [settings.raster.replace("{s}", "a")], tileSize: 256,
                       attribution: settings.attribution || "" };
    layers.push({ id: "raster", type: "raster", source: "raster" });
  }
  layers.push(
    { id: "districts", type: "line", source: "outlines", filter: ["in", ["get", "level"], ["literal", ["district", "town"]]],
      minzoom: 7,
      paint: { "line-color": "#7d8fa6", "line-width": 1, "line-dasharray": [3, 2] } },
    { id: "units", type: "line", source: "outlines", filter: ["==", ["get", "level"], "unit"],
      paint: { "line-color": "#51627a", "line-width": 1.4 } },
  );
  return { version: 8, sources, layers };
}

/* Load MapLibre (only pages with a map do) and draw a map in ``box``; null when the browser cannot. */
export async function openMap(box, settings, options) {
  if (!box || !hasWebGL()) { return null; }
  const maplibregl = await import(box.dataset.maplibre);
  box.hidden = false;
  // Without streets (no tile archive) there is nothing to see closer than a district.
  const maxZoom = settings.vector || settings.raster ? 19 : 12;
  const map = new maplibregl.Map({ container: box, style: styleOf(settings), maxZoom,
                                   attributionControl: { compact: true }, ...options(maxZoom) });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  return { map, maplibregl, maxZoom };
}
