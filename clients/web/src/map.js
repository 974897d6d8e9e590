// The Leaflet map. No tile layer: the control room runs on a closed network, so the base map is the
// twin's own GeoJSON layers (city boundary, approximate districts, rail) served by /api/layers.
import L from './leaflet-global.js';
import 'leaflet.markercluster';
import { colour, rank, worst } from './status.js';
import { t, pickName } from './i18n.js';

const KIND_GLYPH = { 'river-gauge': 'W', 'snow-pump': 'P', 'bridge-joint': 'B', 'env-sensor': 'E' };

export class TwinMap {
  constructor(element, { onDeviceClick, onDistrictClick }) {
    this.onDeviceClick = onDeviceClick;
    this.onDistrictClick = onDistrictClick;
    this.markers = new Map(); // device id → L.Marker (never a child tracker)
    this.districtLayers = new Map(); // district id → L.Polygon layer
    this.childLayers = new Map(); // district id → L.LayerGroup of cell counts
    this.map = L.map(element, {
      center: [36.62, 137.25],
      zoom: 10,
      minZoom: 8,
      maxZoom: 18,
      zoomSnap: 0.25,
      preferCanvas: false, // SVG paths keep data-* attributes on district polygons for tests and styling
      attributionControl: true,
    });
    this.map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    this.map.getContainer().style.background = '#dfe7ec'; // the sea and the land beyond the city

    this.devices = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 45,
      disableClusteringAtZoom: 15,
      iconCreateFunction: (cluster) => this.#clusterIcon(cluster),
    });
    this.children = L.layerGroup();
    this.rail = L.layerGroup();
    this.stations = L.layerGroup();
    this.districts = L.layerGroup();
    this.boundary = L.layerGroup();

    this.boundary.addTo(this.map);
    this.districts.addTo(this.map);
    this.rail.addTo(this.map);
    this.devices.addTo(this.map);
    this.children.addTo(this.map);

    this.layersControl = L.control.layers(null, {}, { collapsed: true, position: 'topright' }).addTo(this.map);
    L.control.scale({ imperial: false }).addTo(this.map);

    // Stations only make sense when zoomed in; at city scale they are clutter.
    this.map.on('zoomend', () => {
      if (this.map.getZoom() >= 13) this.stations.addTo(this.map);
      else this.stations.remove();
    });
  }

  /** Adds one /api/layers GeoJSON layer and its attribution. */
  addBaseLayer(name, geojson) {
    switch (name) {
      case 'boundary': {
        const layer = L.geoJSON(geojson, {
          interactive: false,
          style: { color: '#1d3557', weight: 3, fillColor: '#f8f9fa', fillOpacity: 1 },
        });
        this.boundary.addLayer(layer);
        this.map.fitBounds(layer.getBounds(), { padding: [10, 10] });
        break;
      }
      case 'districts':
        L.geoJSON(geojson, {
          style: { color: '#495057', weight: 1.5, dashArray: '6 4', fillColor: colour('unknown'), fillOpacity: 0.35 },
          onEachFeature: (feature, layer) => {
            const id = feature.properties.id;
            layer.feature = feature;
            this.districtLayers.set(id, layer);
            this.districts.addLayer(layer);
            layer.on('click', () => this.onDistrictClick(id));
            layer.on('add', () => this.#tagDistrict(id));
            this.#labelDistrict(id);
          },
        });
        for (const id of this.districtLayers.keys()) this.#tagDistrict(id);
        break;
      case 'rail-lines':
        this.rail.addLayer(L.geoJSON(geojson, {
          interactive: false,
          style: (f) => ({
            color: f.properties.kind === 'tram' || /軌道|LRT|市内/.test(f.properties.line ?? '') ? '#c2255c' : '#343a40',
            weight: 2.5,
            opacity: 0.8,
          }),
        }));
        break;
      case 'rail-stations':
        this.stations.addLayer(L.geoJSON(geojson, {
          pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 4, color: '#343a40', weight: 1.5, fillColor: '#fff', fillOpacity: 1 })
            .bindTooltip(`${escapeHtml(f.properties.name)}<br><small>${escapeHtml(f.properties.line ?? '')}</small>`),
        }));
        break;
      default:
        break;
    }
  }

  /** Puts the overlays in the layer switcher (after the language is known, and again when it changes). */
  relabelOverlays() {
    for (const layer of [this.districts, this.rail, this.stations, this.devices, this.children]) this.layersControl.removeLayer(layer);
    this.layersControl.addOverlay(this.districts, t('layer.districts'));
    this.layersControl.addOverlay(this.rail, t('layer.rail'));
    this.layersControl.addOverlay(this.stations, t('layer.stations'));
    this.layersControl.addOverlay(this.devices, t('layer.devices'));
    this.layersControl.addOverlay(this.children, t('layer.children'));
  }

  /** Colours a district polygon by its worst status and labels it with its name (approximate). */
  setDistrict(snapshot) {
    const layer = this.districtLayers.get(snapshot.id);
    if (!layer) return;
    layer.twin = snapshot;
    layer.setStyle({ fillColor: colour(snapshot.status), fillOpacity: rank(snapshot.status) >= rank('warning') ? 0.55 : 0.35 });
    this.#tagDistrict(snapshot.id);
    this.#labelDistrict(snapshot.id);
  }

  relabelDistricts() {
    for (const id of this.districtLayers.keys()) this.#labelDistrict(id);
  }

  #labelDistrict(id) {
    const layer = this.districtLayers.get(id);
    const names = layer.twin ?? layer.feature.properties;
    const html = `<span class="district-label">${escapeHtml(pickName(names))}<small> (${escapeHtml(t('approximate'))})</small></span>`;
    if (layer.getTooltip()) layer.setTooltipContent(html);
    else layer.bindTooltip(html, { permanent: true, direction: 'center', className: 'district-tooltip', interactive: false });
  }

  #tagDistrict(id) {
    const layer = this.districtLayers.get(id);
    const el = layer?.getElement?.();
    if (!el) return;
    el.setAttribute('data-district-id', id);
    el.setAttribute('data-status', layer.twin?.status ?? 'unknown');
  }

  /** Creates or updates a device marker (never called for child trackers: they have no position). */
  upsertDevice(device) {
    if (!device.position || device.kind === 'child-tracker') return;
    let marker = this.markers.get(device.id);
    if (!marker) {
      marker = L.marker([device.position.lat, device.position.lon], {
        icon: deviceIcon(device),
        title: device.name,
        keyboard: true,
        riseOnHover: true,
      });
      marker.twin = { id: device.id, kind: device.kind, status: device.status, silent: device.silent, name: device.name };
      // Leaflet creates the icon element only when the marker is shown (not while clustered); tag it then.
      marker.on('add', () => tagMarker(marker));
      marker.on('click', () => this.onDeviceClick(device.id));
      this.markers.set(device.id, marker);
      this.devices.addLayer(marker);
      return;
    }
    this.setDeviceStatus(device.id, device.status, device.silent);
  }

  /** Recolours one marker, and the cluster that holds it, without rebuilding the layer. */
  setDeviceStatus(id, status, silent) {
    const marker = this.markers.get(id);
    if (!marker) return;
    const twin = marker.twin;
    if (twin.status === status && twin.silent === !!silent) return;
    twin.status = status;
    twin.silent = !!silent;
    marker.setIcon(deviceIcon(twin)); // replaces the element if shown; 'add' is not fired again, so tag here
    tagMarker(marker);
    this.#refreshClusterSoon(marker);
  }

  markerStatus(id) {
    return this.markers.get(id)?.twin.status ?? null;
  }

  /** Zooms until the device's own marker is shown (out of its cluster). */
  showDevice(id) {
    const marker = this.markers.get(id);
    if (!marker) return Promise.resolve(false);
    return new Promise((resolve) => this.devices.zoomToShowLayer(marker, () => resolve(true)));
  }

  /** Children as counts per 250 m cell, from a district message's childCells. Never individual positions. */
  setChildCells(districtId, cells) {
    let group = this.childLayers.get(districtId);
    if (!group) {
      group = L.layerGroup();
      this.childLayers.set(districtId, group);
      this.children.addLayer(group);
    }
    group.clearLayers();
    for (const c of cells ?? []) {
      if (!(c.count >= 5)) continue; // the server already leaves these out; never show one anyway
      group.addLayer(L.marker([c.lat, c.lon], {
        icon: L.divIcon({
          className: 'child-cell',
          html: `<span data-cell="${escapeHtml(c.cell)}">${c.count}</span>`,
          iconSize: [34, 34],
        }),
        keyboard: false,
        zIndexOffset: -500,
      }).bindTooltip(t('children.cell', { n: c.count })));
    }
  }

  #refreshClusterSoon(marker) {
    // Many changes arrive together in one city message; refresh the clusters once per frame.
    this.pendingRefresh ??= new Set();
    this.pendingRefresh.add(marker);
    if (this.refreshScheduled) return;
    this.refreshScheduled = true;
    requestAnimationFrame(() => {
      this.refreshScheduled = false;
      const markers = [...this.pendingRefresh];
      this.pendingRefresh.clear();
      this.devices.refreshClusters(markers);
    });
  }

  #clusterIcon(cluster) {
    const children = cluster.getAllChildMarkers();
    const status = worst(children.map((m) => m.twin.status));
    const silent = children.filter((m) => m.twin.silent).length;
    const size = children.length < 10 ? 34 : children.length < 100 ? 42 : 50;
    return L.divIcon({
      className: `cluster st-${status}`,
      html: `<div data-status="${status}" style="--c:${colour(status)}"><span>${children.length}</span>${silent ? '<i class="silent-dot"></i>' : ''}</div>`,
      iconSize: [size, size],
    });
  }
}

function deviceIcon(d) {
  return L.divIcon({
    className: `device kind-${d.kind} st-${d.status}${d.silent ? ' is-silent' : ''}`,
    html: `<span style="--c:${colour(d.status)}">${KIND_GLYPH[d.kind] ?? '?'}</span>`,
    iconSize: [28, 28],
  });
}

function tagMarker(marker) {
  const el = marker.getElement();
  if (!el) return;
  el.setAttribute('data-device-id', marker.twin.id);
  el.setAttribute('data-status', marker.twin.status);
  el.setAttribute('data-silent', String(marker.twin.silent));
  el.setAttribute('data-kind', marker.twin.kind);
}

export function escapeHtml(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
