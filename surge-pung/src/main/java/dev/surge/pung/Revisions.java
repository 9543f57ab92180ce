package dev.surge.pung;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
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
 * <p>A revision is {@code max(previous + 1, Redis server time in microseconds)}, and a missing one
 * starts at the server time. Values of one viewer therefore strictly increase, and after Redis
 * loses the key (flush, restart, eviction, TTL) the next value is later than any value handed out
 * before, so a client's old revision can never match again. Each key also records the horizon of
 * the revision it was last read at: the instant the first item of that content expires, after which
 * the content changes without a bump.
 */
public final class Revisions {

  /** How long an untouched viewer's revision is kept; losing it is safe, only costs one read. */
  public static final Duration DEFAULT_TTL = Duration.ofDays(2);

  private static final String CURRENT =
      """
      redis.replicate_commands()
      local v = redis.call('HMGET', KEYS[1], 'r', 'hr', 'h')
      local r = v[1]
      if not r then
        local t = redis.call('TIME')
        r = string.format('%.0f', tonumber(t[1]) * 1000000 + tonumber(t[2]))
        redis.call('HSET', KEYS[1], 'r', r)
        v[2] = false
        v[3] = false
      end
      redis.call('PEXPIRE', KEYS[1], ARGV[1])
      return {r, v[2] or '', v[3] or ''}
      """;

  private static final String BUMP =
      """
      redis.replicate_commands()
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local cur = tonumber(redis.call('HGET', KEYS[1], 'r') or '0')
      local n = string.format('%.0f', math.max(cur + 1, now))
      redis.call('HSET', KEYS[1], 'r', n)
      redis.call('HDEL', KEYS[1], 'hr', 'h')
      redis.call('PEXPIRE', KEYS[1], ARGV[1])
      return n
      """;

  /** {@link #BUMP} over every key of the call: one script run for a whole chunk of viewers. */
  private static final String BUMP_MANY =
      """
      redis.replicate_commands()
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      for i, key in ipairs(KEYS) do
        local cur = tonumber(redis.call('HGET', key, 'r') or '0')
        redis.call('HSET', key, 'r', string.format('%.0f', math.max(cur + 1, now)))
        redis.call('HDEL', key, 'hr', 'h')
        redis.call('PEXPIRE', key, ARGV[1])
      end
      return #KEYS
      """;

  /** Viewers per {@link #BUMP_MANY} call. */
  private static final int BUMP_CHUNK = 500;

  private static final String HORIZON =
      """
      if redis.call('HGET', KEYS[1], 'r') == ARGV[1] then
        redis.call('HSET', KEYS[1], 'hr', ARGV[1], 'h', ARGV[2])
        return 1
      end
      return 0
      """;

  private final RedissonClient redisson;
  private final String prefix;
  private final String ttlMillis;
  private volatile String bumpSha;

  /** Whether keys of one script must be bumped one call each (Redis Cluster: keys span slots). */
  private final boolean perKey;

  public Revisions(RedissonClient redisson, String keyPrefix, Duration ttl) {
    this.redisson = Objects.requireNonNull(redisson, "redisson");
    this.prefix = Objects.requireNonNull(keyPrefix, "keyPrefix") + "rev:";
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("revision ttl must be positive, was " + ttl);
    }
    this.ttlMillis = Long.toString(ttl.toMillis());
    this.perKey = redisson.getConfig().isClusterConfig();
  }

  /** The viewer's revision and the horizon recorded for it, creating the revision if missing. */
  public State current(long viewerId) {
    List<Object> reply =
        redisson
            .getScript(StringCodec.INSTANCE)
            .eval(
                RScript.Mode.READ_WRITE,
                CURRENT,
                RScript.ReturnType.LIST,
                List.of(key(viewerId)),
                ttlMillis);
    String revision = (String) reply.get(0);
    String horizonRevision = (String) reply.get(1);
    String horizon = (String) reply.get(2);
    return new State(
        revision,
        horizonRevision.isEmpty() ? null : horizonRevision,
        horizon.isEmpty() ? Long.MIN_VALUE : Long.parseLong(horizon));
  }

  /** Moves each viewer to a new revision, in one pipelined round trip. */
  public void bump(Collection<Long> viewerIds) {
    if (viewerIds.isEmpty()) {
      return;
    }
    RBatch batch = redisson.createBatch(BatchOptions.defaults());
    RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
    for (long viewer : viewerIds) {
      script.evalAsync(
          RScript.Mode.READ_WRITE, BUMP, RScript.ReturnType.VALUE, List.of(key(viewer)), ttlMillis);
    }
    batch.execute();
  }

  /** Notes that {@code revision}'s content stays valid until {@code horizonMillis}. */
  public void recordHorizon(long viewerId, String revision, long horizonMillis) {
    redisson
        .getScript(StringCodec.INSTANCE)
        .eval(
            RScript.Mode.READ_WRITE,
            HORIZON,
            RScript.ReturnType.LONG,
            List.of(key(viewerId)),
            revision,
            Long.toString(horizonMillis));
  }

  /** Deletes the viewer's revision, as a Redis data loss would. */
  public void forget(long viewerId) {
    redisson.getBucket(key(viewerId)).delete();
  }

  String key(long viewerId) {
    return prefix + viewerId;
  }

  /**
   * A viewer's revision, and the revision and instant (epoch ms) until which that revision's
   * content is known not to change by expiry ({@code horizonRevision} null when none is recorded).
   */
  public record State(String revision, String horizonRevision, long horizon) {

    /**
     * Whether a client holding {@code clientRevision} still has the current feed at {@code now}.
     */
    public boolean unchangedFor(String clientRevision, long nowMillis) {
      return clientRevision != null
          && clientRevision.equals(revision)
          && revision.equals(horizonRevision)
          && nowMillis < horizon;
    }
  }
}
