package dev.surge.pung;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Per-viewer feed revisions in Redis: a number that changes whenever the viewer's feed may have
 * changed, so a client holding the current one needs no database read.
 *
 * <p>Every new value, created or bumped, is {@code max(floor + 1, Redis server time in
 * microseconds)}, and becomes the new floor, one key shared by all viewers. A viewer's values
 * therefore never repeat while the floor lives, and after Redis loses its data (flush, restart) the
 * server time is later than any value handed out before, so a client's old revision can never match
 * again. A bump writes the same new value to all viewers of the call without reading them ({@code
 * SET XX KEEPTTL}), which is what keeps fan-out cheap; it skips viewers without a revision, so
 * Redis holds revisions only for viewers who read within the TTL. On Redis Cluster, where the keys
 * of one script must share a slot, each viewer moves on its own to {@code max(previous + 1, server
 * time)} instead.
 */
public final class Revisions {

  /**
   * How long a revision lives after it was created; losing it is safe, the next read creates a new
   * one (and its client reads the feed once).
   */
  public static final Duration DEFAULT_TTL = Duration.ofDays(2);

  /** The next value after the floor in {@code KEYS[1]}, which it becomes; Lua helper. */
  private static final String NEXT =
      """
      local function next(floorKey)
        local t = redis.call('TIME')
        local v = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local floor = tonumber(redis.call('GET', floorKey) or '0')
        if floor >= v then
          v = floor + 1
        end
        local text = string.format('%.0f', v)
        redis.call('SET', floorKey, text)
        return text
      end
      """;

  /**
   * Returns the revision in {@code KEYS[2]}, creating it past the floor ({@code KEYS[1]}) when
   * missing; the read path only runs it when a plain GET found nothing.
   */
  private static final String CREATE =
      "redis.replicate_commands()\n"
          + NEXT
          + """
          local v = redis.call('GET', KEYS[2])
          if not v then
            v = next(KEYS[1])
            redis.call('SET', KEYS[2], v, 'PX', ARGV[1])
          end
          return v
          """;

  /**
   * Moves every existing key after the floor ({@code KEYS[1]}) to one new value past the floor. A
   * missing key is left missing: its next read creates it past the floor, so no client can hold a
   * matching value.
   */
  private static final String BUMP =
      "redis.replicate_commands()\n"
          + NEXT
          + """
          local v = next(KEYS[1])
          for i = 2, #KEYS do
            redis.call('SET', KEYS[i], v, 'XX', 'KEEPTTL')
          end
          return 0
          """;

  /** {@link #CREATE} for Redis Cluster: a single key, no floor. */
  private static final String CREATE_ONE =
      """
      redis.replicate_commands()
      local v = redis.call('GET', KEYS[1])
      if not v then
        local t = redis.call('TIME')
        v = string.format('%.0f', tonumber(t[1]) * 1000000 + tonumber(t[2]))
        redis.call('SET', KEYS[1], v, 'PX', ARGV[1])
      end
      return v
      """;

  /**
   * {@link #BUMP} for Redis Cluster: one existing key to {@code max(previous + 1, time)}; the
   * previous value is its leading number (values of older versions carried a {@code /horizon}).
   */
  private static final String BUMP_ONE =
      """
      redis.replicate_commands()
      local v = redis.call('GET', KEYS[1])
      if v then
        local cur = tonumber(string.match(v, '^%d+')) or 0
        local t = redis.call('TIME')
        local next = tonumber(t[1]) * 1000000 + tonumber(t[2])
        if cur >= next then
          next = cur + 1
        end
        redis.call('SET', KEYS[1], string.format('%.0f', next), 'XX', 'KEEPTTL')
      end
      return 0
      """;

  /** Viewers per {@link #BUMP} call (well under Lua's argument limit). */
  private static final int BUMP_CHUNK = 500;

  private final RedissonClient redisson;
  private final String prefix;
  private final String floorKey;
  private final String ttlMillis;

  /** Whether keys must be moved one script call each (Redis Cluster: keys span slots). */
  private final boolean perKey;

  public Revisions(RedissonClient redisson, String keyPrefix, Duration ttl) {
    this(
        redisson,
        keyPrefix,
        ttl,
        Objects.requireNonNull(redisson, "redisson").getConfig().isClusterConfig());
  }

  /** {@code perKey} forces the Redis Cluster scripts, so tests can run them on one node. */
  Revisions(RedissonClient redisson, String keyPrefix, Duration ttl, boolean perKey) {
    this.redisson = Objects.requireNonNull(redisson, "redisson");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    this.prefix = keyPrefix + "fv:";
    this.floorKey = keyPrefix + "fv-floor";
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("revision ttl must be positive, was " + ttl);
    }
    this.ttlMillis = Long.toString(ttl.toMillis());
    this.perKey = perKey;
  }

  /** The viewer's revision, created if missing: one GET when it exists. */
  public String current(long viewerId) {
    String key = key(viewerId);
    String value = redisson.<String>getBucket(key, StringCodec.INSTANCE).get();
    if (value == null) {
      value =
          redisson
              .getScript(StringCodec.INSTANCE)
              .eval(
                  RScript.Mode.READ_WRITE,
                  perKey ? CREATE_ONE : CREATE,
                  RScript.ReturnType.VALUE,
                  perKey ? List.of(key) : List.of(floorKey, key),
                  ttlMillis);
    }
    return value;
  }

  /** Moves each viewer that has a revision to a new one, in one pipelined round trip; waits. */
  public void bump(Collection<Long> viewerIds) {
    bumpAsync(viewerIds).toCompletableFuture().join();
  }

  /**
   * Starts moving each viewer that has a revision to a new one, in one pipelined round trip (one
   * script run per {@value #BUMP_CHUNK} viewers, or per viewer on Redis Cluster).
   */
  public CompletionStage<?> bumpAsync(Collection<Long> viewerIds) {
    if (viewerIds.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    RBatch batch = redisson.createBatch(BatchOptions.defaults());
    RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
    if (perKey) {
      for (long viewer : viewerIds) {
        script.evalAsync(
            RScript.Mode.READ_WRITE, BUMP_ONE, RScript.ReturnType.LONG, List.of(key(viewer)));
      }
      return batch.executeAsync();
    }
    List<Object> keys = newChunk(viewerIds.size());
    for (long viewer : viewerIds) {
      keys.add(key(viewer));
      if (keys.size() == BUMP_CHUNK + 1) {
        script.evalAsync(RScript.Mode.READ_WRITE, BUMP, RScript.ReturnType.LONG, keys);
        keys = newChunk(BUMP_CHUNK);
      }
    }
    if (keys.size() > 1) {
      script.evalAsync(RScript.Mode.READ_WRITE, BUMP, RScript.ReturnType.LONG, keys);
    }
    return batch.executeAsync();
  }

  /** A key list for one {@link #BUMP} call: the floor, then up to {@value #BUMP_CHUNK} viewers. */
  private List<Object> newChunk(int viewers) {
    List<Object> keys = new ArrayList<>(Math.min(BUMP_CHUNK, viewers) + 1);
    keys.add(floorKey);
    return keys;
  }

  /** Deletes the viewer's revision, as a Redis data loss would. */
  public void forget(long viewerId) {
    redisson.getBucket(key(viewerId)).delete();
  }

  String key(long viewerId) {
    return prefix + viewerId;
  }
}
