package dev.geomonitor.producer;

/** Response bodies of both API versions, shaped as DESIGN.md shows them. */
final class ApiBodies {
  private ApiBodies() {}

  static final String V1_STANDPIPES =
      "{\"request_type\":\"water_standpipe\",\"length\":2,\"RL_units\":\"AHD (m)\",\"timezone\":\"UTC\","
          + "\"items\":["
          + "{\"borehole_number\":\"BH-9037\",\"instrument\":\"water_standpipe\",\"surface_level\":85.4,"
          + "\"northing\":5814941,\"easting\":323796,\"water_level\":86.25,\"timestamp\":\"2022-04-15T22:01:29.078Z\"},"
          + "{\"borehole_number\":\"BH-9038\",\"instrument\":\"water_standpipe\",\"surface_level\":84.1,"
          + "\"northing\":5814000,\"easting\":323000,\"water_level\":83.50,\"timestamp\":\"2022-04-15T22:01:29.078Z\"}"
          + "]}";

  static final String V2_PIEZOMETERS =
      "{\"instruments\":3,\"units\":\"pressure (kPa)\",\"timezone\":\"UTC\",\"items\":["
          + "{\"borehole_number\":\"PZ-1\",\"instrument\":\"piezometer\",\"northing\":5812000,\"easting\":320000,"
          + "\"reading\":101.5,\"timestamp\":\"2022-04-15T22:01:29Z\"},"
          + "{\"borehole_number\":\"PZ-2\",\"instrument\":\"piezometer\",\"northing\":5812100,\"easting\":320100,"
          + "\"reading\":1e400,\"timestamp\":\"2022-04-15T22:01:29Z\"},"
          + "{\"instrument\":\"piezometer\",\"reading\":99.0}"
          + "]}";

  static final String NOT_JSON = "<html><body>502 Bad Gateway</body></html>";
}
