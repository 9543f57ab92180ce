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
 * <p>A revision is {@code max(previous + 1, Redis server time in microseconds)}, and a missing one
 * starts at the server time. Values of one viewer therefore strictly increase, and after Redis
 * loses the key (flush, restart, eviction, TTL) the next value is later than any value handed out
 * before, so a client's old revision can never match again. Each key is one string, {@code
 * <revision>} or {@code <revision>/<horizon>}, the horizon being the instant the first item of that
 * revision's content expires (after which the content changes without a bump), so the read path
 * needs a single GET. A bump carries the horizon over (lowered when needed), so a feed that keeps
 * moving is not re-scanned for its horizon after every change; and it skips viewers without a
 * revision, so Redis holds revisions only for viewers who read within the TTL.
 */
public final class Revisions {

  /**
   * How long a revision is kept after it last moved or had its horizon recorded; losing it is safe,
   * only costs one read.
   */
  public static final Duration DEFAULT_TTL = Duration.ofDays(2);

  /**
   * Creates a missing revision at the server time; the read path only runs it when a plain GET
   * found nothing, so a current revision costs one GET.
   */
  private static final String CREATE =
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
   * Moves every existing key of the call to a new revision, in one script run. A missing key is
   * left missing: its next read creates it at the server time, later than any value it had, so no
   * client can hold a matching value. A recorded horizon is kept, lowered to the earliest expiry of
   * the items the change added ({@code ARGV[2]}), since added items are the only way the change can
   * make the content expire sooner; removals can only make it expire later.
   */
  private static final String BUMP =
      """
      redis.replicate_commands()
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local nowText = string.format('%.0f', now)
      local added = tonumber(ARGV[2])
      local values = redis.call('MGET', unpack(KEYS))
      local moved = 0
      for i, key in ipairs(KEYS) do
        local v = values[i]
        if v then
          local slash = string.find(v, '/', 1, true)
          local cur = tonumber(slash and string.sub(v, 1, slash - 1) or v)
          local value = nowText
          if cur >= now then
            value = string.format('%.0f', cur + 1)
          end
          if slash then
            local horizon = string.sub(v, slash + 1)
            if added < tonumber(horizon) then
              horizon = ARGV[2]
            end
            value = value .. '/' .. horizon
          end
          redis.call('SET', key, value, 'PX', ARGV[1])
          moved = moved + 1
        end
      end
      return moved
      """;

  /** Viewers per {@link #BUMP} call; one MGET reads them all (well under Lua's argument limit). */
  private static final int BUMP_CHUNK = 500;

  private static final String HORIZON =
      """
      local v = redis.call('GET', KEYS[1])
      if v and (v == ARGV[1] or string.sub(v, 1, #ARGV[1] + 1) == ARGV[1] .. '/') then
        redis.call('SET', KEYS[1], ARGV[1] .. '/' .. ARGV[2], 'PX', ARGV[3])
        return 1
      end
      return 0
      """;

  private final RedissonClient redisson;
  private final String prefix;
  private final String ttlMillis;

  /** Whether keys of one script must be bumped one call each (Redis Cluster: keys span slots). */
  private final boolean perKey;

  public Revisions(RedissonClient redisson, String keyPrefix, Duration ttl) {
    this.redisson = Objects.requireNonNull(redisson, "redisson");
    this.prefix = Objects.requireNonNull(keyPrefix, "keyPrefix") + "fv:";
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("revision ttl must be positive, was " + ttl);
    }
    this.ttlMillis = Long.toString(ttl.toMillis());
    this.perKey = redisson.getConfig().isClusterConfig();
  }

  /**
   * The viewer's revision and the horizon recorded for it, creating the revision if missing: one
   * GET when it exists.
   */
  public State current(long viewerId) {
    String key = key(viewerId);
    String value = redisson.<String>getBucket(key, StringCodec.INSTANCE).get();
    if (value == null) {
      value =
          redisson
              .getScript(StringCodec.INSTANCE)
              .eval(
                  RScript.Mode.READ_WRITE,
                  CREATE,
                  RScript.ReturnType.VALUE,
                  List.of(key),
                  ttlMillis);
    }
    return State.parse(value);
  }

  /**
   * Moves each viewer that has a revision to a new one, in one pipelined round trip; waits for it.
   * {@code earliestAddedExpiry} is the first expiry among the items the change added ({@link
   * Long#MAX_VALUE} when it added none).
   */
  public void bump(Collection<Long> viewerIds, long earliestAddedExpiry) {
    bumpAsync(viewerIds, earliestAddedExpiry).toCompletableFuture().join();
  }

  /**
   * Starts moving each viewer that has a revision to a new one, in one pipelined round trip (one
   * script run per {@value #BUMP_CHUNK} viewers, or per viewer on Redis Cluster where keys span
   * slots).
   */
  public CompletionStage<?> bumpAsync(Collection<Long> viewerIds, long earliestAddedExpiry) {
    if (viewerIds.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    String added = Long.toString(earliestAddedExpiry);
    RBatch batch = redisson.createBatch(BatchOptions.defaults());
    RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
    List<Object> keys = new ArrayList<>(perKey ? 1 : Math.min(BUMP_CHUNK, viewerIds.size()));
    for (long viewer : viewerIds) {
      keys.add(key(viewer));
      if (perKey || keys.size() == BUMP_CHUNK) {
        script.evalAsync(
            RScript.Mode.READ_WRITE, BUMP, RScript.ReturnType.LONG, keys, ttlMillis, added);
        keys = new ArrayList<>(perKey ? 1 : BUMP_CHUNK);
      }
    }
    if (!keys.isEmpty()) {
      script.evalAsync(
          RScript.Mode.READ_WRITE, BUMP, RScript.ReturnType.LONG, keys, ttlMillis, added);
    }
    return batch.executeAsync();
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
            Long.toString(horizonMillis),
            ttlMillis);
  }

  /** Deletes the viewer's revision, as a Redis data loss would. */
  public void forget(long viewerId) {
    redisson.getBucket(key(viewerId)).delete();
  }

  String key(long viewerId) {
    return prefix + viewerId;
  }

  /**
   * A viewer's revision and the instant (epoch ms) until which its content is known not to change
   * by expiry ({@link Long#MIN_VALUE} when none is recorded for this revision).
   */
  public record State(String revision, long horizon) {

    /**
     * Whether a client holding {@code clientRevision} still has the current feed at {@code now}.
     */
    public boolean unchangedFor(String clientRevision, long nowMillis) {
      return revision.equals(clientRevision) && nowMillis < horizon;
    }

    /** Parses a stored value: {@code <revision>} or {@code <revision>/<horizon epoch ms>}. */
    static State parse(String value) {
      int slash = value.indexOf('/');
      if (slash < 0) {
        return new State(value, Long.MIN_VALUE);
      }
      return new State(value.substring(0, slash), Long.parseLong(value.substring(slash + 1)));
    }
  }
}
