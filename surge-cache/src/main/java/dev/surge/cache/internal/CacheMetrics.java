package dev.surge.cache.internal;

import dev.surge.cache.HybridCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;

/**
 * The meters of one cache, tagged {@code cache=<name>}; without a registry they are no-ops (an
 * empty composite registry), so the read path never checks for null.
 */
final class CacheMetrics {

  final Counter loads;
  final Counter l1Hits;
  final Counter l2Hits;
  final Counter earlyRefreshes;
  final Counter coalesced;
  final Counter l2Errors;
  final Timer invalidationLatency;

  CacheMetrics(MeterRegistry registry, String name) {
    MeterRegistry r = registry != null ? registry : new CompositeMeterRegistry();
    loads = counter(r, HybridCache.METRIC_LOADS, name, "origin loads");
    l1Hits = counter(r, HybridCache.METRIC_L1_HITS, name, "reads answered by the local cache");
    l2Hits = counter(r, HybridCache.METRIC_L2_HITS, name, "reads answered by Redis");
    earlyRefreshes =
        counter(r, HybridCache.METRIC_EARLY_REFRESHES, name, "XFetch refreshes before expiry");
    coalesced = counter(r, HybridCache.METRIC_COALESCED, name, "reads that shared another's load");
    l2Errors = counter(r, HybridCache.METRIC_L2_ERRORS, name, "failed or timed-out Redis calls");
    invalidationLatency =
        Timer.builder(HybridCache.METRIC_INVALIDATION_LATENCY)
            .description("invalidate() on the writer to L1 eviction here")
            .tag("cache", name)
            .publishPercentiles(0.5, 0.99)
            .register(r);
  }

  void invalidation(Duration latency) {
    invalidationLatency.record(latency);
  }

  private static Counter counter(MeterRegistry r, String metric, String name, String description) {
    return Counter.builder(metric).description(description).tag("cache", name).register(r);
  }
}
