package dev.geomonitor.searchsink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With SnapStart the handler's constructor runs when Lambda publishes the version, before the
 * domain may admit the function and into a snapshot that must hold no connections: it must not
 * touch the network.
 */
class SearchSinkHandlerInitTest {

  @Test
  void constructorOpensNoConnectionToOpenSearchOrKafka() throws Exception {
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      listener.configureBlocking(false);
      String address = "127.0.0.1:" + listener.socket().getLocalPort();

      SearchSinkHandler handler =
          new SearchSinkHandler(
              Map.of("OPENSEARCH_URL", "http://" + address, "KAFKA_BOOTSTRAP_SERVERS", address));

      // A synchronous client would have completed its TCP handshake (queued by the kernel) before
      // returning.
      assertThat(handler).isNotNull();
      assertThat(listener.accept()).as("connection made during construction").isNull();
    }
  }
}
