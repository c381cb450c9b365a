/* The pin of the filing form: tap the map, use my location, or put the pin at the map's centre with the keyboard.
   The pin fills in the exact point, the place it falls in (asked of the server), and the open problems near it.
   Without JavaScript or WebGL none of this runs: the town search and the place list do the same job. */
import { openMap } from "./mapstyle.js";

const box = document.getElementById("pin-map");

async function start() {
  if (!box) { return; }
  const settings = JSON.parse(document.getElementById("map-settings").textContent);
  const latitude = document.getElementById("id_latitude");
  const longitude = document.getElementById("id_longitude");
  const place = document.getElementById("id_place");
  const status = document.getElementById("pin-status");
  const nearby = document.getElementById("nearby");
  const tools = document.getElementById("pin-tools");
  const locate = document.getElementById("use-location");
  const pinned = latitude && latitude.value && longitude.value
    ? [Number(longitude.value), Number(latitude.value)] : null;
  const opened = await openMap(box, settings, (maxZoom) => (
    pinned ? { center: pinned, zoom: Math.min(16, maxZoom) } : { bounds: [[46.4, 40.5], [87.4, 55.5]] }));
  if (!opened) { return; }
  const { map, maplibregl, maxZoom } = opened;
  const close = Math.min(16, maxZoom);
  tools.hidden = false;
  if (!("geolocation" in navigator)) { locate.hidden = true; }
  const marker = new maplibregl.Marker({ draggable: true, color: "#c0392b" });
  if (pinned) { marker.setLngLat(pinned).addTo(map); }

  let latest = 0;  // answers for an earlier pin are ignored when a later one was put down meanwhile
  async function setPoint(lat, lon) {
    const mine = ++latest;
    marker.setLngLat([lon, lat]).addTo(map);
    if (latitude) { latitude.value = lat.toFixed(6); longitude.value = lon.toFixed(6); }
    const query = new URLSearchParams({ lat: lat.toFixed(6), lon: lon.toFixed(6) });
    try {
      const found = await fetch(`${settings.locate}?${query}`, { headers: { Accept: "application/json" } });
      const answer = await found.json();
      if (mine !== latest) { return; }
      if (found.ok) {
        if (place) { place.value = answer.place; }
        status.textContent = `${box.dataset.found} ${answer.trail}.`;
      } else {
        if (place) { place.value = ""; }  // the pin is outside Kazakhstan: the place must be chosen
        status.textContent = box.dataset.outside;
      }
      const near = await fetch(`${box.dataset.nearby}?${query}`);
      if (near.ok && mine === latest) { nearby.innerHTML = await near.text(); }  // the server's own escaped HTML
    } catch (error) {
      status.textContent = "";  // offline: the point is kept; the place stays as chosen
    }
  }

  map.on("click", (event) => setPoint(event.lngLat.lat, event.lngLat.lng));
  marker.on("dragend", () => { const p = marker.getLngLat(); setPoint(p.lat, p.lng); });
  document.getElementById("pin-centre").addEventListener("click", () => {
    const c = map.getCenter();
    setPoint(c.lat, c.lng);
  });
  locate.addEventListener("click", () => {
    status.textContent = box.dataset.locating;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const { latitude: lat, longitude: lon } = position.coords;
        map.jumpTo({ center: [lon, lat], zoom: close });
        setPoint(lat, lon);
      },
      () => { status.textContent = box.dataset.denied; },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });
}

start();
