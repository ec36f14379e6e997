package dev.geomonitor.domain;

/** WGS84 latitude and longitude in decimal degrees. */
public record LatLon(double lat, double lon) {}
