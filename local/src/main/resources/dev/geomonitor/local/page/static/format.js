// Formatting and DOM helpers shared by the live page's panels (times are shown in UTC, like the source API's).
"use strict";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function text(tag, content, className) {
  const el = document.createElement(tag);
  el.textContent = content;
  if (className) {
    el.className = className;
  }
  return el;
}

function fmtTime(value) {
  if (value === null || value === undefined) {
    return "–";
  }
  const d = new Date(value);
  return d.toISOString().slice(11, 19);
}

function fmtDateTime(value) {
  if (!value) {
    return "–";
  }
  const iso = new Date(value).toISOString();
  return iso.slice(8, 10) + " " + MONTHS[Number(iso.slice(5, 7)) - 1] + " " + iso.slice(11, 16);
}

// A tick step (minutes) that gives the time axis at most eight round-numbered ticks.
function timeStep(spanMs) {
  const minutes = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080];
  for (const m of minutes) {
    if (spanMs / (m * 60e3) <= 8) {
      return m * 60e3;
    }
  }
  return minutes[minutes.length - 1] * 60e3;
}

function fmtNumber(value, digits) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return "–";
  }
  return Number(value).toLocaleString("en-AU", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function label(instrument) {
  return instrument.replace(/_/g, " ");
}

function keyOf(instrument, borehole) {
  return instrument + ":" + borehole;
}
