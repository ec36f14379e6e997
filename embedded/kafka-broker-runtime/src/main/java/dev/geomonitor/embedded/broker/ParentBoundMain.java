package dev.geomonitor.embedded.broker;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of the broker JVM (and of the benchmark JVM): runs the main class named by the first
 * argument and exits as soon as its standard input reaches end-of-file.
 *
 * <p>The launching JVM keeps the write end of this process's stdin open and never writes to it.
 * When the launcher closes it (a graceful stop) or dies in any way, even by SIGKILL, the kernel
 * closes the pipe and this process exits through {@link System#exit}, which runs the broker's own
 * shutdown hook. So a broker never outlives its test.
 */
public final class ParentBoundMain {

  private ParentBoundMain() {}

  public static void main(String[] args) throws Throwable {
    if (args.length == 0) {
      throw new IllegalArgumentException(
          "usage: ParentBoundMain <main class> [args...] (e.g. kafka.Kafka server.properties)");
    }
    Thread watcher = new Thread(ParentBoundMain::exitWhenStdinCloses, "parent-watcher");
    watcher.setDaemon(true);
    watcher.start();
    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void exitWhenStdinCloses() {
    InputStream stdin = System.in;
    byte[] buffer = new byte[256];
    try {
      while (stdin.read(buffer) >= 0) {
        // Input is ignored: only end-of-file matters.
      }
    } catch (IOException e) {
      System.err.println("stdin of the parent-bound process failed, treating it as closed: " + e);
    }
    System.exit(0);
  }
}
