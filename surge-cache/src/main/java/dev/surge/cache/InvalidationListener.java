package dev.surge.cache;

import java.time.Duration;

/**
 * Told when this instance evicted a key because another instance (or this one) invalidated it
 * through ZooKeeper; the latency is measured from the writer's {@code invalidate()} call.
 */
@FunctionalInterface
public interface InvalidationListener {

  /**
   * @param key the rendered key
   * @param latency time from the writer's invalidate to this eviction (by the writer's and this
   *     instance's clocks, so skew between hosts shows up in it); zero when unknown, e.g. after a
   *     reconnect resync
   */
  void invalidated(String key, Duration latency);
}
