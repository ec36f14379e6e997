// The live page. Built once (buildPage: the status palette from /api/statuses, the status tiles, both charts), then
// updated every refresh from the JSON API (update*: map, selected instrument's chart, alert feed, health, batch views).
// Rendered figures are also written to data-* attributes so a headless browser test can check what was drawn on the
// canvases.
"use strict";

const REFRESH_MS = 5000;

// Status order, labels and colours come from the server (one definition, in Java); filled by buildPage.
const palette = { order: [], label: {}, colour: {}, severity: {} };
const state = { selected: initialSelection(), instruments: [], mapChart: null, seriesChart: null };

function initialSelection() {
  const wanted = new URLSearchParams(window.location.search).get("select");
  if (!wanted || wanted.indexOf(":") < 0) {
    return null;
  }
  const cut = wanted.indexOf(":");
  return { instrument: wanted.slice(0, cut), borehole: wanted.slice(cut + 1) };
}

async function getJson(path) {
  const response = await fetch(path, { cache: "no-store" });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || "HTTP " + response.status);
  }
  return body;
}

function panelError(panelId, error) {
  const box = document.querySelector("#" + panelId + " .error");
  if (error) {
    box.textContent = "Unavailable: " + error.message;
    box.hidden = false;
  } else {
    box.hidden = true;
  }
}

// ---------- map ----------

function worstInstrument(instruments) {
  let worst = null;
  for (const r of instruments) {
    const score = (palette.severity[r.trigger_status] || 0) * 1e6 + Math.abs(r.change_from_baseline || 0);
    if (worst === null || score > worst.score) {
      worst = { score: score, reading: r };
    }
  }
  return worst === null ? null : { instrument: worst.reading.instrument, borehole: worst.reading.borehole_number };
}

function mapDatasets(instruments) {
  return palette.order.map((status) => {
    const points = instruments
      .filter((r) => (r.trigger_status || "NORMAL") === status)
      .map((r) => ({ x: r.lon, y: r.lat, reading: r }));
    const selected = (p) => state.selected && keyOf(p.reading.instrument, p.reading.borehole_number)
      === keyOf(state.selected.instrument, state.selected.borehole);
    return {
      label: palette.label[status],
      data: points,
      backgroundColor: palette.colour[status],
      borderColor: points.map((p) => (selected(p) ? "#17324d" : "#ffffff")),
      borderWidth: points.map((p) => (selected(p) ? 3 : 1)),
      pointRadius: points.map((p) => (selected(p) ? 9 : 6)),
      pointHoverRadius: 9,
    };
  });
}

// Equal scale on both axes (a metre east looks as long as a metre north): widen the shorter span to the plot's shape.
function equalAspectBounds(instruments, chartArea) {
  const lats = instruments.map((r) => r.lat);
  const lons = instruments.map((r) => r.lon);
  let minLat = Math.min(...lats), maxLat = Math.max(...lats), minLon = Math.min(...lons), maxLon = Math.max(...lons);
  const midLat = (minLat + maxLat) / 2, midLon = (minLon + maxLon) / 2;
  const kx = Math.cos((midLat * Math.PI) / 180);
  let latSpan = Math.max(maxLat - minLat, 0.002) * 1.15;
  let lonSpan = Math.max(maxLon - minLon, 0.002) * 1.15;
  const areaRatio = chartArea ? chartArea.width / Math.max(chartArea.height, 1) : 2;
  if ((lonSpan * kx) / latSpan < areaRatio) {
    lonSpan = (latSpan * areaRatio) / kx;
  } else {
    latSpan = (lonSpan * kx) / areaRatio;
  }
  return { x: [midLon - lonSpan / 2, midLon + lonSpan / 2], y: [midLat - latSpan / 2, midLat + latSpan / 2] };
}

function createMapChart(canvas) {
  return new Chart(canvas, {
    type: "scatter",
    data: { datasets: [] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: {
        legend: {
          position: "bottom",
          // Legend swatches from the status colours alone: the selected point's outline is not a category.
          labels: {
            usePointStyle: true,
            boxWidth: 8,
            generateLabels: (chart) => chart.data.datasets.map((ds, i) => ({
              text: ds.label + " (" + ds.data.length + ")",
              fillStyle: ds.backgroundColor,
              strokeStyle: ds.backgroundColor,
              lineWidth: 0,
              pointStyle: "circle",
              hidden: !chart.isDatasetVisible(i),
              datasetIndex: i,
            })),
          },
        },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const r = ctx.raw.reading;
              return r.borehole_number + " · " + label(r.instrument) + " · " + fmtNumber(r.value, 3) + " " + r.unit
                + " · " + r.trigger_status;
            },
          },
        },
      },
      scales: {
        x: { type: "linear", title: { display: true, text: "Longitude (°E)" }, ticks: { maxTicksLimit: 7 } },
        y: { type: "linear", title: { display: true, text: "Latitude (°)" }, ticks: { maxTicksLimit: 6 } },
      },
      onClick: (event, elements) => {
        if (elements.length > 0) {
          const el = elements[0];
          const r = state.mapChart.data.datasets[el.datasetIndex].data[el.index].reading;
          select(r.instrument, r.borehole_number);
        }
      },
    },
  });
}

function updateMap(data) {
  state.instruments = data.instruments;
  if (!state.selected) {
    state.selected = worstInstrument(data.instruments);
  }
  const canvas = document.getElementById("map");
  const chart = state.mapChart;
  chart.data.datasets = mapDatasets(data.instruments);
  if (data.instruments.length > 0) {
    const bounds = equalAspectBounds(data.instruments, chart.chartArea);
    chart.options.scales.x.min = bounds.x[0];
    chart.options.scales.x.max = bounds.x[1];
    chart.options.scales.y.min = bounds.y[0];
    chart.options.scales.y.max = bounds.y[1];
  }
  chart.update("none");
  const plotted = chart.data.datasets.reduce((n, ds) => n + ds.data.length, 0);
  const panel = document.getElementById("map-panel");
  panel.dataset.instrumentCount = String(plotted);
  canvas.dataset.plotted = String(plotted);

  document.getElementById("kpi-instruments").textContent = fmtNumber(data.instruments.length, 0);
  for (const status of palette.order) {
    document.getElementById("kpi-" + status).textContent = fmtNumber(data.status_counts[status] || 0, 0);
  }
}

function select(instrument, borehole) {
  state.selected = { instrument: instrument, borehole: borehole };
  if (state.instruments.length > 0 && state.mapChart) {
    state.mapChart.data.datasets = mapDatasets(state.instruments);
    state.mapChart.update("none");
  }
  refreshSeries().catch((e) => panelError("series-panel", e));
}

// ---------- time series ----------

async function refreshSeries() {
  if (!state.selected) {
    return;
  }
  const s = state.selected;
  const data = await getJson("/api/series?instrument=" + encodeURIComponent(s.instrument)
    + "&borehole_number=" + encodeURIComponent(s.borehole) + "&limit=500");
  panelError("series-panel", null);
  updateSeries(data);
}

function createSeriesChart(canvas) {
  return new Chart(canvas, {
    type: "line",
    data: { datasets: [] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      interaction: { mode: "nearest", intersect: false },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 14 } } },
      scales: {
        x: {
          type: "linear",
          // Ticks on round clock times (every timeStep) inside the data's own range, not an even split of it.
          afterBuildTicks: (scale) => {
            const step = timeStep(scale.max - scale.min);
            const ticks = [];
            for (let t = Math.ceil(scale.min / step) * step; t <= scale.max; t += step) {
              ticks.push({ value: t });
            }
            scale.ticks = ticks;
          },
          ticks: { callback: (v) => fmtTime(v).slice(0, 5) },
          title: { display: true, text: "Time (UTC)" },
        },
        y: { type: "linear", title: { display: true, text: "" } },
      },
    },
  });
}


function updateSeries(data) {
  const canvas = document.getElementById("series-chart");
  const points = data.points.map((p) => ({ x: p.t, y: p.v, s: p.s }));
  const t0 = points.length ? points[0].x : Date.now() - 3600e3;
  const t1 = points.length ? points[points.length - 1].x : Date.now();
  const datasets = [{
    label: data.borehole_number + " (" + (data.unit || "") + ")",
    data: points,
    borderColor: "#2f6fb3",
    backgroundColor: "rgba(47, 111, 179, 0.12)",
    fill: false,
    borderWidth: 2,
    tension: 0.2,
    pointRadius: points.length > 120 ? 0 : 2.5,
    pointBackgroundColor: points.map((p) => palette.colour[p.s] || "#2f6fb3"),
  }];
  for (const line of data.trigger_lines) {
    datasets.push({
      label: palette.label[line.status] + " " + fmtNumber(line.value, 2),
      data: [{ x: t0, y: line.value }, { x: t1, y: line.value }],
      borderColor: palette.colour[line.status],
      borderDash: [6, 4],
      borderWidth: 1.5,
      pointRadius: 0,
      fill: false,
      triggerLine: true,
    });
  }
  const chart = state.seriesChart;
  chart.data.datasets = datasets;
  chart.options.scales.x.min = t0;
  chart.options.scales.x.max = t1;
  chart.options.scales.y.title.text = (data.quantity ? label(data.quantity) + " " : "") + "(" + (data.unit || "") + ")";
  chart.update("none");

  document.getElementById("series-title").textContent = data.borehole_number + " · " + label(data.instrument);
  document.getElementById("series-subtitle").textContent = points.length + " readings · baseline "
    + fmtNumber(data.baseline, 3) + " " + (data.unit || "") + " · status " + (data.latest_status || "–");
  canvas.dataset.instrument = data.instrument;
  canvas.dataset.borehole = data.borehole_number;
  canvas.dataset.points = String(chart.data.datasets[0].data.length);
  canvas.dataset.triggerLines = String(chart.data.datasets.filter((d) => d.triggerLine).length);
}

// ---------- alerts ----------

function updateAlerts(data) {
  const feed = document.getElementById("alert-feed");
  feed.replaceChildren();
  if (data.alerts.length === 0) {
    feed.appendChild(text("li", "No status changes yet", "empty"));
  }
  for (const a of data.alerts) {
    const li = document.createElement("li");
    li.dataset.alertId = a.alert_id;
    li.dataset.alertStatus = a.status;
    li.appendChild(text("span", a.status, "badge " + a.status));
    const body = document.createElement("div");
    const who = text("div", a.borehole_number + " ", "who");
    who.appendChild(text("span", label(a.instrument), "type"));
    body.appendChild(who);
    body.appendChild(text("div", (a.previous_status || "–") + " → " + a.status + " · " + fmtNumber(a.value, 3) + " "
      + (a.unit || "") + " (Δ " + fmtNumber(a.change_from_baseline, 3) + ")", "what"));
    li.appendChild(body);
    li.appendChild(text("span", fmtDateTime(a.ts), "when"));
    li.addEventListener("click", () => select(a.instrument, a.borehole_number));
    feed.appendChild(li);
  }
  feed.dataset.alertCount = String(data.alerts.length);
}

// ---------- health ----------

function updateHealth(h) {
  document.getElementById("pipeline-version").textContent = "pipeline " + (h.pipeline_version || "–");
  const throughput = document.getElementById("kpi-throughput");
  throughput.textContent = fmtNumber(h.readings_per_second, 1);
  throughput.dataset.readingsPerSecond = String(h.readings_per_second);
  const windowHint = document.getElementById("kpi-throughput-window");
  windowHint.textContent = "committed, last " + h.rate_window_seconds + " s";
  windowHint.dataset.windowSeconds = String(h.rate_window_seconds);
  document.getElementById("source").textContent = h.source ? "polling " + h.source : "source –";
  document.getElementById("kpi-lag").textContent = h.consumer_lag === null ? "n/a" : fmtNumber(h.consumer_lag, 0);
  document.getElementById("kpi-dlq").textContent = fmtNumber(h.dlq_count, 0);
  document.getElementById("health-observed").textContent = "at " + fmtTime(h.observed_at) + " UTC";
  const body = document.querySelector("#stages tbody");
  body.replaceChildren();
  const top = Math.max(1, ...h.stages.map((s) => s.count));
  for (const s of h.stages) {
    const tr = document.createElement("tr");
    tr.dataset.stage = s.stage;
    tr.appendChild(text("td", s.stage, "stage"));
    const barCell = document.createElement("td");
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.style.width = Math.max(2, (100 * s.count) / top) + "%";
    barCell.appendChild(bar);
    tr.appendChild(barCell);
    tr.appendChild(text("td", fmtNumber(s.count, 0), "count"));
    body.appendChild(tr);
  }
  document.getElementById("health-panel").dataset.dlq = String(h.dlq_count);
}

// ---------- batch views ----------

function fillTable(tableId, rows, cells) {
  const body = document.querySelector("#" + tableId + " tbody");
  body.replaceChildren();
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    tr.className = "empty-row";
    const td = text("td", "No rows yet");
    td.colSpan = 8;
    tr.appendChild(td);
    body.appendChild(tr);
  }
  for (const row of rows) {
    const tr = document.createElement("tr");
    tr.dataset.row = "";
    for (const [content, className] of cells(row)) {
      const td = typeof content === "string" ? text("td", content, className) : content;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  document.getElementById(tableId).dataset.rows = String(rows.length);
}

function updateBatch(data) {
  fillTable("daily-summary", data.daily_summary, (r) => [
    [r.day], [r.borehole_number + " · " + label(r.instrument)], [fmtNumber(r.count, 0), "num"],
    [fmtNumber(r.min, 3), "num"], [fmtNumber(r.mean, 3), "num"], [fmtNumber(r.max, 3), "num"],
    [fmtNumber(r.last, 3), "num"], [r.unit || ""],
  ]);
  fillTable("exceedance-history", data.exceedance_history, (r) => {
    const status = document.createElement("td");
    status.appendChild(text("span", r.status, "badge " + r.status));
    return [
      [r.borehole_number + " · " + label(r.instrument)], [status], [fmtDateTime(r.entered_at)],
      [r.ongoing ? "ongoing" : fmtDateTime(r.left_at)], [fmtNumber(r.value, 3), "num"], [fmtNumber(r.level, 3), "num"],
    ];
  });
}

// ---------- alarms ----------

async function acknowledge(alarmId) {
  const by = document.getElementById("alarm-by").value.trim();
  const result = document.getElementById("alarm-result");
  if (!by) {
    result.textContent = "Type your name first: acknowledgements are signed.";
    return;
  }
  window.localStorage.setItem("geomonitor.alarm-by", by);
  const comment = document.getElementById("alarm-comment").value.trim();
  const response = await fetch("/api/alarms/" + alarmId + "/acknowledge", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ by: by, comment: comment || null }),
  });
  const body = await response.json();
  result.textContent = response.ok
    ? "Alarm " + alarmId + " acknowledged by " + body.acknowledged_by
    : "Not acknowledged: " + (body.error || "HTTP " + response.status);
  result.dataset.outcome = response.ok ? "acknowledged" : "refused";
  refreshAlarms().catch((e) => panelError("alarms-panel", e));
}

// A page server started without the alarm processor answers 404: the panel is hidden, which is not a failure.
async function refreshAlarms() {
  const response = await fetch("/api/alarms?state=open", { cache: "no-store" });
  const panel = document.getElementById("alarms-panel");
  if (response.status === 404) {
    panel.hidden = true;
    return;
  }
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || "HTTP " + response.status);
  }
  panel.hidden = false;
  updateAlarms(body);
}

function updateAlarms(data) {
  fillTable("alarms", data.alarms, (a) => {
    const level = document.createElement("td");
    level.appendChild(text("span", a.level, "badge " + a.level));
    const action = document.createElement("td");
    if (!a.acknowledged_by && a.state !== "CLOSED") {
      const button = text("button", "Acknowledge", "ack");
      button.type = "button";
      button.dataset.alarmId = String(a.alarm_id);
      button.addEventListener("click", () => acknowledge(a.alarm_id));
      action.appendChild(button);
    }
    const value = a.value === null || a.value === undefined ? "" : fmtNumber(a.value, 3) + " " + (a.unit || "");
    return [
      [String(a.alarm_id), "num"], [a.borehole_number + " · " + label(a.instrument) + (a.late ? " (late)" : "")],
      [level], [a.state, "state"], [fmtDateTime(a.raised_at)], [value, "num"],
      [a.escalation_step > 0 ? "step " + a.escalation_step : "–", "num"],
      [a.acknowledged_by ? a.acknowledged_by + " · " + fmtDateTime(a.acknowledged_at) : "–"], [action],
    ];
  });
  document.getElementById("alarms-panel").dataset.alarms = String(data.alarms.length);
}

// ---------- refresh loop ----------

async function refresh() {
  const results = await Promise.allSettled([
    getJson("/api/instruments").then(updateMap),
    getJson("/api/alerts?limit=15").then(updateAlerts),
    getJson("/api/health").then(updateHealth),
    getJson("/api/batch?limit=12").then(updateBatch),
    refreshAlarms(),
  ]);
  const panels = ["map-panel", "alerts-panel", "health-panel", "batch-panel", "alarms-panel"];
  results.forEach((r, i) => panelError(panels[i], r.status === "rejected" ? r.reason : null));
  let seriesFailed = false;
  try {
    await refreshSeries();
  } catch (e) {
    seriesFailed = true;
    panelError("series-panel", e);
  }
  const failed = results.filter((r) => r.status === "rejected").length + (seriesFailed ? 1 : 0);
  document.getElementById("connection").className = "dot " + (failed === 0 ? "ok" : "degraded");
  document.getElementById("last-update").textContent = "updated " + fmtTime(Date.now()) + " UTC";
  document.body.dataset.state = failed === 0 ? "ready" : "degraded";
  document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
}

// ---------- construction (once) ----------

async function buildPage() {
  const data = await getJson("/api/statuses");
  const root = document.documentElement.style;
  for (const s of data.statuses) {
    palette.order.push(s.status);
    palette.label[s.status] = s.label;
    palette.colour[s.status] = s.colour;
    palette.severity[s.status] = s.severity;
    root.setProperty("--" + s.status.toLowerCase(), s.colour);
  }
  buildStatusTiles();
  state.mapChart = createMapChart(document.getElementById("map"));
  state.seriesChart = createSeriesChart(document.getElementById("series-chart"));
}

// One summary tile per status, after the instruments tile, in severity order.
function buildStatusTiles() {
  let after = document.getElementById("kpi-instruments").parentElement;
  for (const status of palette.order) {
    const tile = document.createElement("div");
    tile.className = "kpi status-tile";
    tile.style.borderTopColor = palette.colour[status];
    tile.appendChild(text("span", palette.label[status], "kpi-label"));
    const value = text("span", "–", "kpi-value");
    value.id = "kpi-" + status;
    tile.appendChild(value);
    after.after(tile);
    after = tile;
  }
}

function loop() {
  refresh()
    .catch((e) => {
      document.body.dataset.state = "error";
      document.getElementById("last-update").textContent = "refresh failed: " + e.message;
    })
    .finally(() => setTimeout(loop, REFRESH_MS));
}

function start() {
  document.getElementById("alarm-by").value = window.localStorage.getItem("geomonitor.alarm-by") || "";
  buildPage().then(loop, (e) => {
    document.body.dataset.state = "error";
    document.getElementById("last-update").textContent = "cannot load the status palette: " + e.message;
    setTimeout(start, REFRESH_MS);
  });
}

start();
