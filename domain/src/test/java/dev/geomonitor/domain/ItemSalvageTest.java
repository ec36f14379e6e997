package dev.geomonitor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ItemSalvageTest {
  static final String GOOD_1 = "{\"borehole_number\":\"BH-1\",\"water_level\":86.25}";
  static final String GOOD_2 = "{\"borehole_number\":\"BH-2\",\"water_level\":1e3}";

  static String v1(String items) {
    return "{\"request_type\":\"all\",\"RL_units\":\"AHD (m)\",\"length\":3,\"timezone\":\"UTC\",\"items\":["
        + items
        + "],\"note\":\"a [bracket] and a \\\"quote\\\" in a string\"}";
  }

  @Test
  void nanTokenInOneItemLosesOnlyThatItem() throws Exception {
    String bad = "{\"borehole_number\":\"BH-X\",\"water_level\":NaN}";

    ApiResponse r = ApiResponseParser.parse(v1(GOOD_1 + ", " + bad + ",\n" + GOOD_2));

    assertThat(r.version()).isEqualTo(ApiVersion.V1);
    assertThat(r.timezone()).isEqualTo("UTC");
    assertThat(r.items()).extracting(ApiItem::json).containsExactly(GOOD_1, GOOD_2);
    assertThat(r.rejectedItems())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.index()).isEqualTo(1);
              assertThat(x.text()).isEqualTo(bad);
              assertThat(x.reason().code()).isEqualTo(RejectCode.MALFORMED_JSON);
              assertThat(x.reason().message()).contains("item 1").contains("NaN");
            });
  }

  @Test
  void everyKindOfBrokenItemIsRejectedAlone() throws Exception {
    String[] bad = {
      "{\"v\":Infinity}",
      "{\"v\":-Infinity}",
      "{\"v\":1,}",
      "{\"v\" 1}",
      "{'v':1}",
      "tru",
      "{\"v\":[1,2}]",
      "{\"v\":\"a\"\"b\"}",
      "{\"v\":0x10}",
      "{\"v\":01}",
      ""
    };
    ApiResponse r =
        ApiResponseParser.parse(v1(GOOD_1 + "," + String.join(",", bad) + "," + GOOD_2));

    assertThat(r.items()).extracting(ApiItem::json).containsExactly(GOOD_1, GOOD_2);
    assertThat(r.rejectedItems()).hasSize(bad.length);
  }

  @Test
  void bodyWithAByteOrderMarkParses() throws Exception {
    ApiResponse r = ApiResponseParser.parse("\uFEFF" + v1(GOOD_1));

    assertThat(r.items()).hasSize(1);
    assertThat(r.rejectedItems()).isEmpty();
  }

  @Test
  void bodyWithoutAFindableEnvelopeIsOneRejection() {
    for (String body :
        new String[] {
          v1(GOOD_1 + ",{\"v\":NaN}").substring(0, 80), // truncated
          "{\"request_type\":\"all\",\"length\":NaN,\"items\":[" + GOOD_1 + "]}", // broken envelope
          "{\"items\":[" + GOOD_1 + "}}", // items never closed
          "<html>502 Bad Gateway</html>"
        }) {
      assertThatThrownBy(() -> ApiResponseParser.parse(body))
          .as(body)
          .isInstanceOf(MalformedResponseException.class)
          .satisfies(
              e ->
                  assertThat(((MalformedResponseException) e).code())
                      .isEqualTo(RejectCode.MALFORMED_JSON));
    }
  }

  @Test
  void deeplyNestedItemIsRejectedWithoutStackOverflow() throws Exception {
    String deep = "[".repeat(200_000) + "]".repeat(200_000);

    ApiResponse r = ApiResponseParser.parse(v1(GOOD_1 + "," + deep));

    assertThat(r.items()).extracting(ApiItem::json).containsExactly(GOOD_1);
    assertThat(r.rejectedItems()).hasSize(1);
  }
}
