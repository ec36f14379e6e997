package dev.geomonitor.local.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A source API that serves hostile bodies, below {@code /hostile/params/all/}: a script of v1
 * bodies mixing good readings (boreholes {@code GOOD-...}) with poison items and poison bodies,
 * each poison carrying a marker {@code HXnnQ} to find its dead letter by. When the script is done
 * it serves one more good reading, {@link #AFTER}, on every request (the stream must still flow
 * after the poison). The first request (the runner's probe) gets an empty valid body.
 */
final class HostileApi implements AutoCloseable {
  static final String PATH = "/params/all/";
  static final String AFTER = "GOOD-AFTER";

  /** One kind of poison: its marker (found in its dead letter) and what it is. */
  record Poison(String marker, String description) {}

  private final List<Poison> poisons = new ArrayList<>();
  private final Set<String> goodBoreholes = new LinkedHashSet<>();
  private final Deque<byte[]> script = new ArrayDeque<>();
  private final String ts =
      Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS).toString();
  private final HttpServer server;
  private int goodCount;

  HostileApi() {
    script.add(body("[]").getBytes(StandardCharsets.UTF_8)); // the runner's probe
    buildScript();
    goodBoreholes.add(AFTER);
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/hostile" + PATH, this::serve);
    server.start();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hostile");
  }

  List<Poison> poisons() {
    return poisons;
  }

  Set<String> goodBoreholes() {
    return goodBoreholes;
  }

  /** The timestamp of every reading served. */
  Instant timestamp() {
    return Instant.parse(ts);
  }

  /** True once every scripted body has been served. */
  synchronized boolean scriptDone() {
    return script.isEmpty();
  }

  private void buildScript() {
    // Item poisons that the job's validator rejects (the item is JSON; a field breaks a rule)
    items(
        poison("HX01Q", "NUL in borehole_number", standpipe("HX01Q\\u0000", "86.1", ts)),
        poison("HX02Q", "ESC in borehole_number", standpipe("HX02Q\\u001b[31m", "86.1", ts)),
        poison("HX03Q", "DEL in borehole_number", standpipe("HX03Q\\u007f", "86.1", ts)),
        poison(
            "HX04Q", "C1 control (NEL) in borehole_number", standpipe("HX04Q\\u0085", "86.1", ts)),
        poison(
            "HX05Q", "10 kB borehole_number", standpipe("HX05Q" + "B".repeat(10_000), "86.1", ts)),
        poison(
            "HX06Q", "zero-width space in borehole_number", standpipe("HX06Q\\u200b", "86.1", ts)),
        poison("HX07Q", "BOM inside borehole_number", standpipe("\\ufeffHX07Q", "86.1", ts)),
        poison(
            "HX08Q",
            "unpaired surrogate in borehole_number",
            standpipe("HX08Q\\ud800", "86.1", ts)),
        poison(
            "HX09Q",
            "U+FFFD (mis-decoded text) in borehole_number",
            standpipe("HX09Q\\ufffd", "86.1", ts)),
        poison(
            "HX10Q",
            "right-to-left override in borehole_number",
            standpipe("HX10Q\\u202e", "86.1", ts)));
    items(
        poison(
            "HX11Q",
            "blank borehole_number",
            "{\"marker\":\"HX11Q\"," + fields("   ", "86.1", ts).substring(1)),
        poison("{}", "empty item", "{}"),
        poison("HX13Q", "object where the number belongs", standpipe("HX13Q", "{\"v\":86.1}", ts)),
        poison("HX14Q", "array where the number belongs", standpipe("HX14Q", "[86.1]", ts)),
        poison("HX15Q", "string where the number belongs", standpipe("HX15Q", "\"high\"", ts)),
        poison("HX16Q", "number beyond double (1e400)", standpipe("HX16Q", "1e400", ts)),
        poison(
            "HX17Q",
            "huge integer",
            standpipe("HX17Q", "123456789012345678901234567890123456789", ts)),
        poison("HX18Q", "value out of physical range", standpipe("HX18Q", "99999.0", ts)),
        poison("HX19Q", "item is a string", "\"HX19Q\""),
        poison("HX20Q", "item is an array", "[\"HX20Q\"]"));
    items(
        poison(
            "HX21Q",
            "duplicated water_level key",
            standpipe("HX21Q", "86.1", ts).replace("}", ",\"water_level\":90.0}")),
        poison(
            "HX22Q",
            "duplicated borehole_number key",
            standpipe("HX22Q", "86.1", ts).replace("}", ",\"borehole_number\":\"OTHER\"}")),
        poison(
            "HX23Q",
            "missing timestamp",
            "{\"borehole_number\":\"HX23Q\",\"instrument\":\"water_standpipe\","
                + "\"northing\":5813000,\"easting\":320000,\"water_level\":86.1}"),
        poison("HX24Q", "unparseable timestamp", standpipe("HX24Q", "86.1", "yesterday")),
        poison(
            "HX25Q",
            "timestamp far in the future",
            standpipe("HX25Q", "86.1", "2999-01-01T00:00:00Z")),
        poison(
            "HX26Q",
            "timestamp before the site epoch",
            standpipe("HX26Q", "86.1", "1970-01-01T00:00:00Z")),
        poison(
            "HX27Q",
            "unknown instrument",
            standpipe("HX27Q", "86.1", ts).replace("water_standpipe", "banana")),
        poison(
            "HX28Q",
            "coordinates outside the site grid",
            standpipe("HX28Q", "86.1", ts).replace("5813000", "1").replace("320000", "1")),
        poison("HX29Q", "NUL in timestamp", standpipe("HX29Q", "86.1", ts + "\\u0000")),
        poison(
            "HX30Q",
            "200-character instrument",
            standpipe("HX30Q", "86.1", ts)
                .replace("water_standpipe", "water_standpipe" + "x".repeat(200))));
    // Item poisons the producer salvages: the item is not JSON on its own; the other items of the
    // body go through
    items(
        poison("HX31Q", "NaN token", standpipe("HX31Q", "NaN", ts)),
        poison("HX32Q", "Infinity token", standpipe("HX32Q", "Infinity", ts)),
        poison("HX33Q", "-Infinity token", standpipe("HX33Q", "-Infinity", ts)),
        poison("HX34Q", "hexadecimal number", standpipe("HX34Q", "0x56", ts)),
        poison(
            "HX35Q",
            "trailing comma in an item",
            standpipe("HX35Q", "86.1", ts).replace("}", ",}")),
        poison("HX36Q", "single-quoted strings", standpipe("HX36Q", "86.1", ts).replace('"', '\'')),
        poison("HX37Q", "raw control byte inside a string", standpipe("HX37Q\u0001", "86.1", ts)),
        poison(
            "HX38Q",
            "1 MB borehole_number (item over the record limit)",
            standpipe("HX38Q" + "B".repeat(1_100_000), "86.1", ts)),
        poison(
            "HX39Q",
            "100 000-deep nesting",
            standpipe("HX39Q", "[".repeat(100_000) + "]".repeat(100_000), ts)));
    // Encodings: the body's bytes are not clean UTF-8
    ByteArrayOutputStream invalid = new ByteArrayOutputStream();
    String[] parts =
        body(good()
                + ","
                + standpipe("HX40Q@", "86.1", ts)
                + ","
                + standpipe("HX41Q@", "86.1", ts)
                + ","
                + standpipe("HX42Q@", "86.1", ts)
                + ","
                + good())
            .split("@");
    invalid.writeBytes(parts[0].getBytes(StandardCharsets.UTF_8));
    invalid.writeBytes(new byte[] {(byte) 0xC3, 0x28}); // invalid UTF-8 sequence
    invalid.writeBytes(parts[1].getBytes(StandardCharsets.UTF_8));
    invalid.writeBytes(
        new byte[] {(byte) 0xE9}); // Latin-1 'é' inside a UTF-8 body (mixed encodings)
    invalid.writeBytes(parts[2].getBytes(StandardCharsets.UTF_8));
    invalid.writeBytes(new byte[] {(byte) 0xC0, (byte) 0xAF}); // overlong encoding of '/'
    invalid.writeBytes(parts[3].getBytes(StandardCharsets.UTF_8));
    poisons.add(new Poison("HX40Q", "invalid UTF-8 bytes in an item"));
    poisons.add(new Poison("HX41Q", "Latin-1 byte in a UTF-8 body"));
    poisons.add(new Poison("HX42Q", "overlong UTF-8 encoding"));
    script.add(invalid.toByteArray());
    // A body with a byte order mark is fine: its good readings arrive
    script.add(("\uFEFF" + body(good() + "," + good())).getBytes(StandardCharsets.UTF_8));
    // Whole-body poisons: one dead letter for the body
    String whole = body(standpipe("HX43Q", "86.1", ts));
    bodyPoison("HX43Q", "truncated body", whole.substring(0, whole.length() - 20));
    bodyPoison(
        "HX44Q",
        "HTML error page with status 200",
        "<html><body>HX44Q 502 Bad Gateway</body></html>");
    bodyPoison(
        "HX45Q",
        "envelope of neither version",
        "{\"marker\":\"HX45Q\",\"items\":[" + standpipe("HX45Q", "86.1", ts) + "]}");
    bodyPoison(
        "HX46Q",
        "envelope without items",
        "{\"request_type\":\"HX46Q\",\"length\":1,\"RL_units\":\"AHD (m)\"}");
    bodyPoison("HX47Q", "body is a JSON array", "[\"HX47Q\"]");
    bodyPoison(
        "HX48Q",
        "body over the 32 MiB cap",
        body(
            standpipe("HX48Q", "86.1", ts)
                + ","
                + standpipe("PAD", "86.1", ts).replace("PAD", "P".repeat(34 << 20))));
    poisons.add(new Poison("HX49Q", "UTF-16 encoded body"));
    script.add(body(standpipe("HX49Q", "86.1", ts)).getBytes(StandardCharsets.UTF_16LE));
    poisons.add(new Poison("HX50Q", "unknown timezone in the envelope"));
    script.add(
        body(standpipe("HX50Q", "86.1", ts))
            .replace("\"UTC\"", "\"Mars/Olympus_Mons\"")
            .getBytes(StandardCharsets.UTF_8));
  }

  /** A body of the given items, each list of poison items mixed with good readings around them. */
  private void items(String... poisonItems) {
    StringBuilder items = new StringBuilder(good());
    for (String item : poisonItems) {
      items.append(',').append(item).append(',').append(good());
    }
    script.add(body(items.toString()).getBytes(StandardCharsets.UTF_8));
  }

  private String poison(String marker, String description, String item) {
    poisons.add(new Poison(marker, description));
    return item;
  }

  private void bodyPoison(String marker, String description, String body) {
    poisons.add(new Poison(marker, description));
    script.add(body.getBytes(StandardCharsets.UTF_8));
  }

  private String good() {
    String borehole = String.format(Locale.ROOT, "GOOD-%03d", ++goodCount);
    goodBoreholes.add(borehole);
    return standpipe(borehole, String.format(Locale.ROOT, "%.2f", 84.0 + goodCount * 0.01), ts);
  }

  private static String body(String items) {
    return "{\"request_type\":\"all\",\"length\":0,\"RL_units\":\"AHD (m)\",\"timezone\":\"UTC\",\"items\":["
        + items
        + "]}";
  }

  private static String standpipe(String borehole, String value, String timestamp) {
    return "{" + fields(borehole, value, timestamp).substring(1);
  }

  private static String fields(String borehole, String value, String timestamp) {
    return "{\"borehole_number\":\""
        + borehole
        + "\",\"instrument\":\"water_standpipe\",\"surface_level\":85.4,"
        + "\"northing\":5813000,\"easting\":320000,\"water_level\":"
        + value
        + ",\"timestamp\":\""
        + timestamp
        + "\"}";
  }

  private void serve(HttpExchange exchange) throws IOException {
    byte[] bytes;
    synchronized (this) {
      bytes =
          script.isEmpty()
              ? body(standpipe(AFTER, "84.50", ts)).getBytes(StandardCharsets.UTF_8)
              : script.poll();
    }
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      } catch (IOException e) {
        // the producer stops reading a body over its cap: expected for that body
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
