package dev.surge.app.infra.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.springframework.beans.factory.DisposableBean;

/** A standalone ZooKeeper server running in this JVM, with its data under the data directory. */
public final class EmbeddedZooKeeper implements DisposableBean {

  private static final long START_TIMEOUT_MS = 30_000;

  private final ZooKeeperServerEmbedded server;

  public EmbeddedZooKeeper(int port, Path dataDir) throws Exception {
    Path dir = Files.createDirectories(dataDir.resolve("zookeeper"));
    Properties config = new Properties();
    config.setProperty("clientPort", Integer.toString(port));
    config.setProperty("clientPortAddress", "127.0.0.1");
    config.setProperty("tickTime", "500");
    config.setProperty("admin.enableServer", "false");
    config.setProperty("4lw.commands.whitelist", "ruok,srvr");
    server =
        ZooKeeperServerEmbedded.builder()
            .baseDir(dir)
            .configuration(config)
            .exitHandler(ExitHandler.LOG_ONLY)
            .build();
    server.start(START_TIMEOUT_MS);
  }

  public String connectString() throws Exception {
    return server.getConnectionString();
  }

  @Override
  public void destroy() {
    server.close();
  }
}
