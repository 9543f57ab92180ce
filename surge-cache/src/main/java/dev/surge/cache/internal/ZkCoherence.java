package dev.surge.cache.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generations kept in ZooKeeper: one persistent znode per written key under the cache's path, whose
 * {@code mzxid} (the zxid of its last write, monotonic across the ensemble) is the key's generation
 * and whose data is the writer's clock at invalidate.
 *
 * <p>A CuratorCache watches the path and raises local generations as events arrive. Events can be
 * missed while the session is down, so after every reconnect the children are read again and any
 * generation that rose is applied: convergence never depends on having seen each event. Bumps that
 * fail while ZooKeeper is unreachable are queued and written on reconnect.
 */
final class ZkCoherence implements Coherence {

  private static final Logger log = LoggerFactory.getLogger(ZkCoherence.class);
  private static final Duration START_WAIT = Duration.ofSeconds(10);
  private static final long RETRY_PERIOD_MILLIS = 1_000;

  private final CuratorFramework client;
  private final String path;
  private final Clock clock;
  private final Listener listener;
  private final Map<String, Long> generations = new ConcurrentHashMap<>();
  private final Map<String, Long> pendingBumps = new ConcurrentHashMap<>();
  private final ScheduledExecutorService worker;
  private final CuratorCache cache;
  private volatile boolean degraded = true;

  /** False while the cache replays existing znodes at start; their write times are history. */
  private volatile boolean initialized;

  ZkCoherence(CuratorFramework client, String path, Clock clock, Listener listener) {
    this.client = client;
    this.path = path;
    this.clock = clock;
    this.listener = listener;
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "surge-cache-zk " + path);
              t.setDaemon(true);
              return t;
            });
    CountDownLatch ready = new CountDownLatch(1);
    this.cache = CuratorCache.build(client, path);
    cache
        .listenable()
        .addListener(
            CuratorCacheListener.builder()
                .forCreatesAndChanges((before, node) -> applyNode(node))
                .forInitialized(
                    () -> {
                      this.initialized = true;
                      ready.countDown();
                    })
                .build());
    client.getConnectionStateListenable().addListener((c, state) -> stateChanged(state));
    try {
      client.createContainers(path);
    } catch (Exception e) {
      log.warn(
          "could not create {}; generations will be read once ZooKeeper is reachable", path, e);
    }
    cache.start();
    try {
      if (ready.await(START_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        degraded = !client.getZookeeperClient().isConnected();
      } else {
        log.warn("ZooKeeper did not answer within {}; L1 runs degraded until it does", START_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker.scheduleWithFixedDelay(
        this::flushPending, RETRY_PERIOD_MILLIS, RETRY_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public long generation(String key) {
    Long g = generations.get(key);
    return g == null ? 0 : g;
  }

  @Override
  public boolean degraded() {
    return degraded;
  }

  @Override
  public long bump(String key) {
    long writtenAt = clock.millis();
    if (!client.getZookeeperClient().isConnected()) {
      pendingBumps.merge(key, writtenAt, Math::min);
      return generation(key);
    }
    try {
      return write(key, writtenAt);
    } catch (Exception e) {
      log.warn("invalidation of '{}' queued: ZooKeeper write failed", key, e);
      pendingBumps.merge(key, writtenAt, Math::min);
      return generation(key);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
    cache.close();
  }

  private long write(String key, long writtenAt) throws Exception {
    String node = ZKPaths.makePath(path, encode(key));
    byte[] data = ByteBuffer.allocate(Long.BYTES).putLong(writtenAt).array();
    Stat stat;
    try {
      stat = client.setData().forPath(node, data);
    } catch (KeeperException.NoNodeException e) {
      stat = new Stat();
      try {
        client.create().creatingParentContainersIfNeeded().storingStatIn(stat).forPath(node, data);
      } catch (KeeperException.NodeExistsException raced) {
        stat = client.setData().forPath(node, data);
      }
    }
    raise(key, stat.getMzxid(), -1);
    return stat.getMzxid();
  }

  private void applyNode(ChildData node) {
    if (node == null || node.getStat() == null || node.getPath().equals(path)) {
      return;
    }
    long writtenAt = -1;
    byte[] data = node.getData();
    if (initialized && data != null && data.length == Long.BYTES) {
      writtenAt = ByteBuffer.wrap(data).getLong();
    }
    raise(decode(ZKPaths.getNodeFromPath(node.getPath())), node.getStat().getMzxid(), writtenAt);
  }

  /** Raises the known generation and tells the cache, only when it really rose. */
  private void raise(String key, long generation, long writtenAt) {
    long[] previous = {0};
    generations.merge(
        key,
        generation,
        (old, now) -> {
          previous[0] = old;
          return Math.max(old, now);
        });
    if (generation > previous[0]) {
      listener.generationChanged(key, generation, writtenAt);
    }
  }

  private void stateChanged(ConnectionState state) {
    switch (state) {
      case SUSPENDED, LOST -> degraded = true;
      case CONNECTED, RECONNECTED -> worker.execute(this::resync);
      default -> {}
    }
  }

  /** Writes queued bumps, then reads every key's generation again and applies what rose. */
  private void resync() {
    try {
      flushPending();
      if (!pendingBumps.isEmpty()) {
        worker.schedule(this::resync, RETRY_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return;
      }
      List<String> children = client.getChildren().forPath(path);
      for (String child : children) {
        Stat stat = client.checkExists().forPath(ZKPaths.makePath(path, child));
        if (stat != null) {
          raise(decode(child), stat.getMzxid(), -1);
        }
      }
      degraded = !client.getZookeeperClient().isConnected();
      log.info("resynced {} generations under {}", children.size(), path);
    } catch (Exception e) {
      log.warn("resync of {} failed; retrying", path, e);
      worker.schedule(this::resync, RETRY_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void flushPending() {
    if (pendingBumps.isEmpty() || !client.getZookeeperClient().isConnected()) {
      return;
    }
    for (Map.Entry<String, Long> bump : pendingBumps.entrySet()) {
      try {
        write(bump.getKey(), bump.getValue());
        pendingBumps.remove(bump.getKey(), bump.getValue());
      } catch (Exception e) {
        log.debug("queued invalidation of '{}' still failing", bump.getKey(), e);
        return;
      }
    }
  }

  /** A key as a znode name: URL-encoded, with dots escaped so "." and ".." stay legal. */
  static String encode(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace(".", "%2E").replace("*", "%2A");
  }

  static String decode(String node) {
    return URLDecoder.decode(node, StandardCharsets.UTF_8);
  }
}
