package dev.surge.app.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.springframework.beans.factory.DisposableBean;
import redis.embedded.RedisServer;

/** A real redis-server process, shipped inside a Maven artifact, bound to loopback. */
public final class EmbeddedRedis implements DisposableBean {

  private final RedisServer server;
  private final int port;

  EmbeddedRedis(int requestedPort) throws IOException {
    // redis-server treats port 0 as "no TCP listener", so a free port is chosen here instead.
    this.port = requestedPort == 0 ? freePort() : requestedPort;
    this.server =
        RedisServer.newRedisServer()
            .bind("127.0.0.1")
            .port(port)
            .setting("save \"\"")
            .setting("appendonly no")
            .setting("maxmemory-policy noeviction")
            .onShutdownForceStop(true)
            .build();
    server.start();
  }

  public String address() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void destroy() throws IOException {
    server.stop();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
