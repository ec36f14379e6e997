package dev.geomonitor.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShutdownTest {

  @Test
  void everyServiceIsClosedInOrderEvenWhenOneFails() {
    List<String> closed = new ArrayList<>();
    AutoCloseable failing =
        () -> {
          closed.add("broker");
          throw new IOException("broker did not stop");
        };
    AutoCloseable alsoFailing =
        () -> {
          closed.add("postgres");
          throw new IOException("postgres did not stop");
        };

    assertThatThrownBy(
            () ->
                Shutdown.closeAll(
                    "the stack",
                    () -> closed.add("page"),
                    null,
                    failing,
                    alsoFailing,
                    () -> closed.add("opensearch")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("stopping the stack failed: broker did not stop")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .extracting(Throwable::getMessage)
                    .containsExactly("postgres did not stop"));
    assertThat(closed).containsExactly("page", "broker", "postgres", "opensearch");
  }

  @Test
  void nothingIsThrownWhenEveryServiceStops() {
    List<String> closed = new ArrayList<>();

    Shutdown.closeAll("the stack", () -> closed.add("a"), () -> closed.add("b"));

    assertThat(closed).containsExactly("a", "b");
  }
}
