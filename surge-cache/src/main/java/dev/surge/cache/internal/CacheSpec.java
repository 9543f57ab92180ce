package dev.surge.cache.internal;

import dev.surge.cache.InvalidationListener;
import dev.surge.cache.ValueCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.apache.curator.framework.CuratorFramework;
import org.redisson.api.RedissonClient;

/**
 * The validated settings of one cache, as the builder hands them over; nullable fields are the
 * optional ones (curator, meterRegistry, random).
 */
public record CacheSpec<K, V>(
    String name,
    RedissonClient redisson,
    CuratorFramework curator,
    ValueCodec<V> codec,
    Function<? super K, ? extends V> loader,
    Function<? super K, String> keyRenderer,
    Duration ttl,
    Duration l1Ttl,
    long l1MaximumSize,
    double beta,
    Clock clock,
    MeterRegistry meterRegistry,
    RandomGenerator random,
    Duration leaseTtl,
    Duration leaseWait,
    Duration redisTimeout,
    Duration redisBackoff,
    int maxConcurrentLoads,
    Duration loadPermitWait,
    Duration degradedL1Ttl,
    String zkPath,
    String redisPrefix,
    InvalidationListener invalidationListener) {}
