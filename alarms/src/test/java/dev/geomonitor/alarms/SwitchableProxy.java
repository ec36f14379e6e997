package dev.geomonitor.alarms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP forwarder on a fixed local port that a test cuts and restores: the OpenSearch node behind
 * it "goes away" (connections reset, new ones refused) and comes back at the same address, while
 * the node itself, shared by the run's tests, keeps running.
 */
final class SwitchableProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "switchable-proxy");
            t.setDaemon(true);
            return t;
          });
  private volatile ServerSocket server;

  private SwitchableProxy(InetSocketAddress target) {
    this.target = target;
    this.server = listen(0);
    this.port = server.getLocalPort();
    accept(server);
  }

  /** A proxy to {@code url}'s host and port, listening now. */
  static SwitchableProxy to(URI url) {
    return new SwitchableProxy(new InetSocketAddress(url.getHost(), url.getPort()));
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Stops listening and resets every open connection. */
  synchronized void cut() {
    closeQuietly(server);
    sockets.forEach(SwitchableProxy::closeQuietly);
    sockets.clear();
  }

  /** Listens again on the same port. */
  synchronized void restore() {
    server = listen(port);
    accept(server);
  }

  private static ServerSocket listen(int port) {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
  }

  private void accept(ServerSocket listening) {
    threads.execute(
        () -> {
          while (!listening.isClosed()) {
            try {
              Socket client = listening.accept();
              Socket upstream = new Socket(target.getHostString(), target.getPort());
              sockets.add(client);
              sockets.add(upstream);
              threads.execute(() -> pipe(client, upstream));
              threads.execute(() -> pipe(upstream, client));
            } catch (IOException e) {
              return; // closed by cut()
            }
          }
        });
  }

  private static void pipe(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // One side went away (or cut()): the other is closed below.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Closing what is already broken: nothing more to do.
    }
  }

  @Override
  public void close() {
    cut();
    threads.shutdownNow();
  }
}
