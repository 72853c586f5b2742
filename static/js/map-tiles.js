// The optional interactive layer (docs/map.md): Leaflet over the configured tile server, above the
// server-drawn map, with the map's dots and points (already in the tile server's datum).
"use strict";
document.querySelectorAll(".map-tiles").forEach(function (box) {
  var data = JSON.parse(document.getElementById(box.dataset.layer).textContent);
  box.hidden = false;
  var map = L.map(box, { scrollWheelZoom: false });
  L.tileLayer(data.url, { attribution: data.attribution, maxZoom: 18 }).addTo(map);
  var bounds = [];
  data.markers.forEach(function (marker) {
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.name;
    L.circleMarker([marker.lat, marker.lon], { radius: 6 }).bindPopup(link).addTo(map);
    bounds.push([marker.lat, marker.lon]);
  });
  if (bounds.length) {
    map.fitBounds(bounds, { maxZoom: 13, padding: [24, 24] });
  } else {
    map.setView([35, 105], 4);
  }
});
