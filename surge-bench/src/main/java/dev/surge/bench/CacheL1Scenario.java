package dev.surge.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.surge.cache.HybridCache;
import dev.surge.cache.ValueCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.redisson.api.RedissonClient;

/**
 * Reads answered by L1: {@code HybridCache.get} (expiry, generation and XFetch checks, metrics)
 * against a raw Caffeine {@code getIfPresent} of the same 10,000 warm keys on two threads.
 */
public class CacheL1Scenario implements Scenario {

  static final int KEYS = 10_000;
  static final int THREADS = 2;
  static final Duration ROUND = Duration.ofSeconds(2);

  private final String[] keys = new String[KEYS];
  private RedissonClient client;
  private Cache<String, String> caffeine;
  private HybridCache<String, String> surge;

  @Override
  public String name() {
    return "cache-l1";
  }

  @Override
  public String description() {
    return "L1 hits on 10,000 warm keys, 2 threads: raw Caffeine getIfPresent vs HybridCache.get;"
        + " goal ratio >= 0.5";
  }

  @Override
  public String metric() {
    return "ops_per_s";
  }

  @Override
  public boolean higherIsBetter() {
    return true;
  }

  @Override
  public void setUp() {
    client = BenchRedis.client();
    caffeine =
        Caffeine.newBuilder()
            .maximumSize(2L * KEYS)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();
    surge =
        HybridCache.<String, String>builder("bench-l1-" + Long.toHexString(System.nanoTime()))
            .redisson(client)
            .codec(ValueCodec.utf8())
            .loader(key -> "value of " + key)
            .ttl(Duration.ofMinutes(5))
            .l1Ttl(Duration.ofMinutes(5))
            .l1MaximumSize(2L * KEYS)
            .meterRegistry(new SimpleMeterRegistry())
            .redisPrefix("surge-bench:cache")
            .build();
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "promotion-" + i;
      caffeine.put(keys[i], "value of " + keys[i]);
      surge.get(keys[i]);
    }
  }

  @Override
  public void tearDown() {
    surge.close();
    client.shutdown();
  }

  @Override
  public List<Variant> variants() {
    return List.of(
        Variant.of(
            "caffeine",
            () -> Measure.throughput(THREADS, ROUND, () -> caffeine.getIfPresent(randomKey()))),
        Variant.of(
            Variant.SURGE, () -> Measure.throughput(THREADS, ROUND, () -> surge.get(randomKey()))));
  }

  private String randomKey() {
    return keys[ThreadLocalRandom.current().nextInt(KEYS)];
  }
}
