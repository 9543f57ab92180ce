package dev.surge.cache.hot;

import static dev.surge.cache.internal.Settings.positive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts calls per key in this JVM and flushes the counts to Redis, where every instance's counts
 * add up: a sorted set of each key's last call time ({@code {ns}:last}) and one hash of counts per
 * UTC hour ({@code {ns}:h:yyyyMMddHH}).
 *
 * <p>{@link #record} is a map lookup and an adder increment, so it can sit on the hottest read
 * path; Redis sees one script call per flush instead of one write per call. A flush stamps its keys
 * with the flush time, so last-call times and hour buckets are exact to one flush interval. A flush
 * that fails puts its counts back into the buffer for the next one.
 */
public final class HotKeyCounter implements AutoCloseable {

  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

  /** How long hour buckets and last-call entries live in Redis. */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(48);

  /** Distinct keys buffered between flushes; calls to further keys are dropped and counted. */
  public static final int DEFAULT_MAX_BUFFERED_KEYS = 100_000;

  static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);

  private static final Logger log = LoggerFactory.getLogger(HotKeyCounter.class);
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9:._-]+");
  private static final int KEYS_PER_SCRIPT = 500;

  private static final String FLUSH =
      """
      local now = ARGV[1]
      local ttl = tonumber(ARGV[2])
      for i = 4, #ARGV, 2 do
        redis.call('HINCRBY', KEYS[2], ARGV[i], ARGV[i + 1])
        redis.call('ZADD', KEYS[1], 'GT', now, ARGV[i])
      end
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
      redis.call('PEXPIRE', KEYS[1], ttl)
      redis.call('PEXPIRE', KEYS[2], ttl)
      return 1
      """;

  /** Returns [n, key1..keyn, last1..lastn, counts of hour 0 for keys 1..n, hour 1, ...]. */
  private static final String READ =
      """
      local entries = redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', ARGV[1], 'WITHSCORES',
          'LIMIT', 0, tonumber(ARGV[2]))
      local n = #entries / 2
      local out = {n}
      if n == 0 then return out end
      local keys = {}
      for i = 1, n do
        keys[i] = entries[2 * i - 1]
        out[#out + 1] = keys[i]
      end
      for i = 1, n do out[#out + 1] = entries[2 * i] end
      for h = 2, #KEYS do
        local counts = redis.call('HMGET', KEYS[h], unpack(keys))
        for i = 1, n do out[#out + 1] = tostring(tonumber(counts[i]) or 0) end
      end
      return out
      """;

  private final RedissonClient redisson;
  private final String namespace;
  private final Clock clock;
  private final Duration flushInterval;
  private final Duration retention;
  private final int maxBufferedKeys;
  private final ConcurrentHashMap<String, LongAdder> buffer = new ConcurrentHashMap<>();
  private final LongAdder dropped = new LongAdder();
  private final Object flushLock = new Object();
  private ScheduledExecutorService scheduler;

  private HotKeyCounter(Builder b) {
    this.redisson = b.redisson;
    this.namespace = b.namespace;
    this.clock = b.clock;
    this.flushInterval = b.flushInterval;
    this.retention = b.retention;
    this.maxBufferedKeys = b.maxBufferedKeys;
  }

  /**
   * A counter whose Redis keys start with {@code namespace} (letters, digits, ':', '.', '_', '-');
   * instances that should add up share it.
   */
  public static Builder builder(RedissonClient redisson, String namespace) {
    return new Builder(redisson, namespace);
  }

  /** Counts one call of {@code key}. */
  public void record(String key) {
    record(key, 1);
  }

  /** Counts {@code calls} calls of {@code key}. */
  public void record(String key, long calls) {
    Objects.requireNonNull(key, "key");
    if (calls < 1) {
      throw new IllegalArgumentException("calls must be >= 1, was " + calls);
    }
    LongAdder adder = buffer.get(key);
    if (adder == null) {
      if (buffer.size() >= maxBufferedKeys) {
        dropped.add(calls);
        return;
      }
      adder = buffer.computeIfAbsent(key, k -> new LongAdder());
    }
    adder.add(calls);
  }

  /** Calls not counted because the buffer was full. */
  public long dropped() {
    return dropped.sum();
  }

  /** Writes the buffered counts to Redis now; returns how many keys were written. */
  public int flush() {
    synchronized (flushLock) {
      Map<String, Long> drained = drain();
      if (drained.isEmpty()) {
        return 0;
      }
      Instant now = clock.instant();
      List<Object> keys = List.of(lastKey(), hourKey(now));
      List<Map.Entry<String, Long>> entries = new ArrayList<>(drained.entrySet());
      int written = 0;
      try {
        for (int from = 0; from < entries.size(); from += KEYS_PER_SCRIPT) {
          List<Map.Entry<String, Long>> chunk =
              entries.subList(from, Math.min(entries.size(), from + KEYS_PER_SCRIPT));
          Object[] args = new Object[3 + 2 * chunk.size()];
          args[0] = Long.toString(now.toEpochMilli());
          args[1] = Long.toString(retention.toMillis());
          args[2] = Long.toString(now.minus(retention).toEpochMilli());
          int i = 3;
          for (Map.Entry<String, Long> e : chunk) {
            args[i++] = e.getKey();
            args[i++] = Long.toString(e.getValue());
          }
          script().eval(RScript.Mode.READ_WRITE, FLUSH, RScript.ReturnType.LONG, keys, args);
          written += chunk.size();
        }
        return written;
      } catch (RuntimeException e) {
        entries.subList(written, entries.size()).forEach(en -> record(en.getKey(), en.getValue()));
        throw e;
      }
    }
  }

  /**
   * The history of the {@code maxKeys} most recently called keys whose last call is within {@code
   * hours} hours, with {@code hours} hourly counts each (the current hour first).
   */
  public List<KeyStats> stats(int hours, int maxKeys) {
    if (hours < 1 || hours > 24 * 30) {
      throw new IllegalArgumentException("hours must be in 1..720, was " + hours);
    }
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be >= 1, was " + maxKeys);
    }
    Instant now = clock.instant();
    Instant hour = now.truncatedTo(ChronoUnit.HOURS);
    List<Object> keys = new ArrayList<>(hours + 1);
    keys.add(lastKey());
    for (int h = 0; h < hours; h++) {
      keys.add(hourKey(hour.minus(h, ChronoUnit.HOURS)));
    }
    long since = hour.minus(hours - 1L, ChronoUnit.HOURS).toEpochMilli();
    List<Object> out =
        script()
            .eval(
                RScript.Mode.READ_ONLY,
                READ,
                RScript.ReturnType.LIST,
                keys,
                Long.toString(since),
                Integer.toString(maxKeys));
    int n = Integer.parseInt(String.valueOf(out.get(0)));
    List<KeyStats> stats = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long[] counts = new long[hours];
      for (int h = 0; h < hours; h++) {
        counts[h] = Long.parseLong(String.valueOf(out.get(1 + 2 * n + h * n + i)));
      }
      long last = (long) Double.parseDouble(String.valueOf(out.get(1 + n + i)));
      stats.add(new KeyStats(String.valueOf(out.get(1 + i)), last, counts));
    }
    return stats;
  }

  /** Starts flushing every flush interval on a daemon thread; idempotent. */
  public synchronized HotKeyCounter start() {
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "surge-hot-flush " + namespace);
                t.setDaemon(true);
                return t;
              });
      long period = flushInterval.toMillis();
      scheduler.scheduleWithFixedDelay(this::flushQuietly, period, period, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** Stops the flush thread and flushes what is left. */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (this) {
      s = scheduler;
      scheduler = null;
    }
    if (s != null) {
      s.shutdownNow();
      try {
        s.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flushQuietly();
  }

  public String namespace() {
    return namespace;
  }

  String lastKey() {
    return "{" + namespace + "}:last";
  }

  String hourKey(Instant at) {
    return "{" + namespace + "}:h:" + HOUR.format(at);
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("flush of hot-key counts '{}' failed; kept for the next flush", namespace, e);
    }
  }

  private Map<String, Long> drain() {
    Map<String, Long> drained = new HashMap<>();
    for (Map.Entry<String, LongAdder> e : buffer.entrySet()) {
      long n = e.getValue().sumThenReset();
      if (n > 0) {
        drained.put(e.getKey(), n);
      } else {
        buffer.remove(e.getKey(), e.getValue());
      }
    }
    return drained;
  }

  private RScript script() {
    return redisson.getScript(StringCodec.INSTANCE);
  }

  /** Settings of a {@link HotKeyCounter}; each setter rejects a bad value at once. */
  public static final class Builder {
    private final RedissonClient redisson;
    private final String namespace;
    private Clock clock = Clock.systemUTC();
    private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
    private Duration retention = DEFAULT_RETENTION;
    private int maxBufferedKeys = DEFAULT_MAX_BUFFERED_KEYS;

    private Builder(RedissonClient redisson, String namespace) {
      this.redisson = Objects.requireNonNull(redisson, "redisson");
      Objects.requireNonNull(namespace, "namespace");
      if (!NAMESPACE.matcher(namespace).matches()) {
        throw new IllegalArgumentException(
            "namespace must match " + NAMESPACE.pattern() + ", was '" + namespace + "'");
      }
      this.namespace = namespace;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = positive(flushInterval, "flushInterval");
      return this;
    }

    /** At least one hour, so the current hour's bucket survives until the hour ends. */
    public Builder retention(Duration retention) {
      positive(retention, "retention");
      if (retention.compareTo(Duration.ofHours(1)) < 0) {
        throw new IllegalArgumentException("retention must be at least 1 hour, was " + retention);
      }
      this.retention = retention;
      return this;
    }

    public Builder maxBufferedKeys(int maxBufferedKeys) {
      if (maxBufferedKeys < 1) {
        throw new IllegalArgumentException("maxBufferedKeys must be >= 1, was " + maxBufferedKeys);
      }
      this.maxBufferedKeys = maxBufferedKeys;
      return this;
    }

    /** Builds the counter; call {@link HotKeyCounter#start()} for periodic flushes. */
    public HotKeyCounter build() {
      return new HotKeyCounter(this);
    }
  }
}
