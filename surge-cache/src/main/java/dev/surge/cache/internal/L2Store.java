package dev.surge.cache.internal;

import dev.surge.cache.ValueCodec;
import io.micrometer.core.instrument.Counter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis side of a cache: entries under {@code <prefix>:v:<key>} and recompute leases under
 * {@code <prefix>:lease:<key>}.
 *
 * <p>Every call is bounded by the Redis timeout, and after a failure Redis is skipped for the
 * backoff period: a read then behaves like an L2 miss instead of waiting, so a dead Redis costs one
 * timeout per backoff period and not one per read.
 */
final class L2Store<V> {

  private static final Logger log = LoggerFactory.getLogger(L2Store.class);
  private static final byte FORMAT = 1;
  private static final int HEADER = 1 + 3 * Long.BYTES;

  /** Outcome of a lease attempt. */
  enum LeaseState {
    ACQUIRED,
    HELD_ELSEWHERE,
    UNAVAILABLE
  }

  /** A lease attempt; release it when the recompute is done. */
  record Lease(LeaseState state, String bucket, String token) {
    boolean acquired() {
      return state == LeaseState.ACQUIRED;
    }
  }

  private final RedissonClient redisson;
  private final ValueCodec<V> codec;
  private final String prefix;
  private final long timeoutMillis;
  private final long backoffNanos;
  private final Duration leaseTtl;
  private final Counter errors;
  private volatile long skipUntilNanos = System.nanoTime();

  L2Store(CacheSpec<?, V> spec, Counter errors) {
    this.redisson = spec.redisson();
    this.codec = spec.codec();
    this.prefix = spec.redisPrefix();
    this.timeoutMillis = spec.redisTimeout().toMillis();
    this.backoffNanos = spec.redisBackoff().toNanos();
    this.leaseTtl = spec.leaseTtl();
    this.errors = errors;
  }

  /** The entry for {@code key}, or null when absent, undecodable or Redis is unavailable. */
  Stored<V> read(String key) {
    byte[] bytes =
        call(() -> redisson.<byte[]>getBucket(valueKey(key), ByteArrayCodec.INSTANCE).getAsync());
    if (bytes == null) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    if (bytes.length < HEADER || buf.get() != FORMAT) {
      log.warn("ignoring L2 entry {} in an unknown format", valueKey(key));
      return null;
    }
    long expiry = buf.getLong();
    long delta = buf.getLong();
    long generation = buf.getLong();
    byte[] value = new byte[bytes.length - HEADER];
    buf.get(value);
    V decoded;
    try {
      decoded = codec.decode(value);
    } catch (RuntimeException e) {
      log.warn("ignoring L2 entry {} that the codec cannot decode", valueKey(key), e);
      return null;
    }
    return decoded == null ? null : new Stored<>(decoded, delta, expiry, generation, 0);
  }

  /**
   * Writes the entry; Redis keeps it for twice its remaining lifetime so instances whose clocks run
   * a little behind still find it, while readers go by the logical expiry inside it.
   */
  void write(String key, Stored<V> entry, long nowMillis) {
    byte[] value = codec.encode(entry.value());
    ByteBuffer buf = ByteBuffer.allocate(HEADER + value.length);
    buf.put(FORMAT).putLong(entry.expiryMillis()).putLong(entry.deltaMillis());
    buf.putLong(entry.generation()).put(value);
    long keep = Math.max(1, 2 * (entry.expiryMillis() - nowMillis));
    call(
        () ->
            redisson
                .<byte[]>getBucket(valueKey(key), ByteArrayCodec.INSTANCE)
                .setAsync(buf.array(), Duration.ofMillis(keep)));
  }

  void delete(String key) {
    call(() -> redisson.getBucket(valueKey(key), ByteArrayCodec.INSTANCE).deleteAsync());
  }

  /** Tries to take the recompute lease for {@code key} (SET NX PX). */
  Lease tryLease(String key) {
    String bucket = prefix + ":lease:" + key;
    String token = UUID.randomUUID().toString();
    Boolean set =
        call(
            () ->
                redisson
                    .<String>getBucket(bucket, StringCodec.INSTANCE)
                    .setIfAbsentAsync(token, leaseTtl));
    LeaseState state =
        set == null
            ? LeaseState.UNAVAILABLE
            : set ? LeaseState.ACQUIRED : LeaseState.HELD_ELSEWHERE;
    return new Lease(state, bucket, token);
  }

  /** Deletes the lease if it is still ours (it may have expired and been taken by another). */
  void release(Lease lease) {
    if (lease.acquired()) {
      call(
          () ->
              redisson
                  .<String>getBucket(lease.bucket(), StringCodec.INSTANCE)
                  .compareAndSetAsync(lease.token(), null));
    }
  }

  /** Whether Redis is being skipped after a recent failure. */
  boolean backingOff() {
    return System.nanoTime() - skipUntilNanos < 0;
  }

  private String valueKey(String key) {
    return prefix + ":v:" + key;
  }

  private <T> T call(Supplier<CompletionStage<T>> command) {
    if (backingOff()) {
      return null;
    }
    try {
      return command.get().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception e) {
      errors.increment();
      skipUntilNanos = System.nanoTime() + backoffNanos;
      log.debug("Redis call failed, skipping L2 for a while", e);
      return null;
    }
  }
}
