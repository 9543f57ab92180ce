package dev.surge.cache.warmup;

import static dev.surge.cache.internal.Settings.positive;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster-wide 1-second tick: exactly one message circulates between a delay queue whose
 * per-queue message TTL is the interval and a work queue that the delay queue dead-letters into.
 * Every instance consumes the work queue; the one that receives the message ticks and publishes the
 * next message to the delay queue.
 *
 * <p>Each message carries {@code generation:sequence}. Redis keeps the last accepted pair, and a
 * Lua compare-and-set accepts a message only if it is newer, so a redelivered or duplicated message
 * is dropped (acked without a successor) and a second loop dies at its next tick. A watchdog on
 * every instance re-seeds a lost loop: when no tick was accepted for {@code staleAfter}, one Lua
 * call atomically claims the re-seed (bumping the generation and stamping the time, so no other
 * instance claims it again) and that instance publishes the new generation's first message;
 * messages of the old generation still in flight are then dropped.
 */
public final class RabbitTickSource implements TickSource {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(5);
  public static final Duration DEFAULT_WATCHDOG_INTERVAL = Duration.ofSeconds(1);
  public static final String DEFAULT_REDIS_PREFIX = "surge:ticks";

  private static final Logger log = LoggerFactory.getLogger(RabbitTickSource.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Duration RECONNECT_DELAY = Duration.ofSeconds(2);

  private static final String ACCEPT =
      """
      local g = tonumber(redis.call('HGET', KEYS[1], 'gen') or '-1')
      local s = tonumber(redis.call('HGET', KEYS[1], 'seq') or '-1')
      local mg = tonumber(ARGV[1])
      local ms = tonumber(ARGV[2])
      if mg < g or (mg == g and ms <= s) then return 0 end
      redis.call('HSET', KEYS[1], 'gen', ARGV[1], 'seq', ARGV[2], 'last', ARGV[3])
      return 1
      """;

  private static final String RESEED =
      """
      local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '-1')
      if last >= 0 and tonumber(ARGV[1]) - last < tonumber(ARGV[2]) then return -1 end
      local g = redis.call('HINCRBY', KEYS[1], 'gen', 1)
      redis.call('HSET', KEYS[1], 'seq', '-1', 'last', ARGV[1])
      return g
      """;

  private final ConnectionFactory amqp;
  private final RedissonClient redisson;
  private final String name;
  private final String workQueue;
  private final String delayQueue;
  private final String stateKey;
  private final Duration interval;
  private final Duration staleAfter;
  private final Duration watchdogInterval;
  private final Clock clock;
  private final LongAdder ticks = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder reseeds = new LongAdder();
  private final Object handling = new Object();

  private ScheduledExecutorService scheduler;
  private ListenerRunner runner;
  private volatile Connection connection;
  private volatile Channel channel;
  private volatile String consumerTag;
  private volatile boolean closed;

  private RabbitTickSource(Builder b) {
    this.amqp = b.amqp;
    this.redisson = b.redisson;
    this.name = b.name;
    this.workQueue = b.name + ".work";
    this.delayQueue = b.name + ".delay";
    this.stateKey = b.redisPrefix + ":{" + b.name + "}";
    this.interval = b.interval;
    this.staleAfter = b.staleAfter;
    this.watchdogInterval = b.watchdogInterval;
    this.clock = b.clock;
  }

  /**
   * A tick loop named {@code name}: queues {@code <name>.work} and {@code <name>.delay}, Redis
   * state under the prefix; instances sharing a name share one loop.
   */
  public static Builder builder(ConnectionFactory amqp, RedissonClient redisson, String name) {
    return new Builder(amqp, redisson, name);
  }

  public String workQueue() {
    return workQueue;
  }

  public String delayQueue() {
    return delayQueue;
  }

  /**
   * Declares the queues, starts consuming and the watchdog; when RabbitMQ is unreachable it keeps
   * retrying in the background instead of failing.
   */
  @Override
  public synchronized void start(TickListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (runner != null) {
      throw new IllegalStateException("tick source already started");
    }
    runner = new ListenerRunner(listener, name);
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "surge-tick-watchdog " + name);
              t.setDaemon(true);
              return t;
            });
    scheduler.execute(this::connectOrRetry);
    long period = watchdogInterval.toMillis();
    scheduler.scheduleWithFixedDelay(this::watchdog, period, period, TimeUnit.MILLISECONDS);
  }

  /** Ticks accepted by this instance. */
  @Override
  public long ticks() {
    return ticks.sum();
  }

  /** Messages this instance dropped as duplicates, stale generations or garbage. */
  public long dropped() {
    return dropped.sum();
  }

  /** Loops this instance re-seeded (the first seed included). */
  public long reseeds() {
    return reseeds.sum();
  }

  /** Whether this instance is consuming the work queue. */
  public boolean connected() {
    Channel c = channel;
    return c != null && c.isOpen() && consumerTag != null;
  }

  /**
   * Stops consuming first, so no message is left half-handled, then closes the connection; the
   * circulating message stays in the queues for the other instances.
   */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      s = scheduler;
    }
    if (s != null) {
      s.shutdownNow();
    }
    Channel c = channel;
    String tag = consumerTag;
    synchronized (handling) {
      if (c != null && tag != null && c.isOpen()) {
        try {
          c.basicCancel(tag);
        } catch (IOException | RuntimeException e) {
          log.debug("cancel of tick consumer failed", e);
        }
      }
    }
    closeConnection();
    if (runner != null) {
      runner.close();
    }
  }

  private void connectOrRetry() {
    if (closed) {
      return;
    }
    try {
      connect();
    } catch (IOException | TimeoutException | RuntimeException e) {
      log.warn("tick loop '{}': RabbitMQ unavailable ({}), retrying", name, e.toString());
      closeConnection();
      if (!closed) {
        try {
          scheduler.schedule(
              this::connectOrRetry, RECONNECT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) {
          // closed meanwhile
        }
      }
    }
  }

  private void connect() throws IOException, TimeoutException {
    Connection conn = amqp.newConnection("surge-ticks " + name);
    connection = conn;
    if (!amqp.isAutomaticRecoveryEnabled()) {
      // Without the client's own recovery (Spring turns it off), reconnect on an unexpected loss.
      conn.addShutdownListener(
          cause -> {
            if (!closed && !cause.isInitiatedByApplication() && connection == conn) {
              log.warn(
                  "tick loop '{}': connection lost ({}), reconnecting", name, cause.toString());
              scheduleReconnect(conn);
            }
          });
    }
    Channel ch = conn.createChannel();
    ch.queueDeclare(workQueue, true, false, false, null);
    ch.queueDeclare(
        delayQueue,
        true,
        false,
        false,
        Map.of(
            "x-message-ttl",
            (int) interval.toMillis(),
            "x-dead-letter-exchange",
            "",
            "x-dead-letter-routing-key",
            workQueue));
    ch.basicQos(1);
    channel = ch;
    consumerTag =
        ch.basicConsume(
            workQueue,
            false,
            (tag, delivery) -> handle(delivery),
            tag -> {
              // The broker cancelled the consumer (e.g. the queue was deleted): declare again.
              if (!closed) {
                scheduleReconnect(conn);
              }
            });
    log.info("tick loop '{}' consuming {}", name, workQueue);
  }

  private void scheduleReconnect(Connection lost) {
    try {
      scheduler.schedule(
          () -> {
            if (connection == lost) {
              closeConnection();
              connectOrRetry();
            }
          },
          RECONNECT_DELAY.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RuntimeException rejected) {
      // closed meanwhile
    }
  }

  private void handle(Delivery delivery) throws IOException {
    synchronized (handling) {
      Channel ch = channel;
      long deliveryTag = delivery.getEnvelope().getDeliveryTag();
      long[] id = parse(delivery.getBody());
      if (id == null || closed) {
        if (id == null) {
          dropped.increment();
          ch.basicAck(deliveryTag, false);
        } else {
          ch.basicNack(deliveryTag, false, true);
        }
        return;
      }
      long now = clock.millis();
      boolean accepted;
      try {
        accepted = accept(id[0], id[1], now);
      } catch (RuntimeException redisDown) {
        // Without Redis nobody can check for duplicates; keep the loop alive, unchecked.
        log.warn("tick loop '{}': Redis check failed, passing the tick on", name, redisDown);
        accepted = true;
      }
      if (!accepted) {
        dropped.increment();
        ch.basicAck(deliveryTag, false);
        return;
      }
      publish(ch, delayQueue, id[0], id[1] + 1);
      ch.basicAck(deliveryTag, false);
      ticks.increment();
      runner.hand(new Tick(id[0], id[1], clock.instant()));
    }
  }

  private void watchdog() {
    if (closed || !connected()) {
      return;
    }
    try {
      Long generation =
          redisson
              .getScript(StringCodec.INSTANCE)
              .eval(
                  RScript.Mode.READ_WRITE,
                  RESEED,
                  RScript.ReturnType.LONG,
                  List.of(stateKey),
                  Long.toString(clock.millis()),
                  Long.toString(staleAfter.toMillis()));
      if (generation != null && generation >= 0) {
        synchronized (handling) {
          publish(channel, workQueue, generation, 0);
        }
        reseeds.increment();
        log.info("tick loop '{}' seeded generation {}", name, generation);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("tick loop '{}': watchdog failed", name, e);
    }
  }

  private boolean accept(long generation, long sequence, long now) {
    Long verdict =
        redisson
            .getScript(StringCodec.INSTANCE)
            .eval(
                RScript.Mode.READ_WRITE,
                ACCEPT,
                RScript.ReturnType.LONG,
                List.of(stateKey),
                Long.toString(generation),
                Long.toString(sequence),
                Long.toString(now));
    return verdict != null && verdict == 1;
  }

  private static void publish(Channel ch, String queue, long generation, long sequence)
      throws IOException {
    byte[] body = (generation + ":" + sequence).getBytes(StandardCharsets.UTF_8);
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder().contentType("text/plain").deliveryMode(2).build();
    ch.basicPublish("", queue, props, body);
  }

  /** {generation, sequence}, or null for a body that is not {@code long:long}. */
  static long[] parse(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8);
    int colon = s.indexOf(':');
    if (colon < 1) {
      return null;
    }
    try {
      return new long[] {
        Long.parseLong(s.substring(0, colon)), Long.parseLong(s.substring(colon + 1))
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void closeConnection() {
    Connection conn = connection;
    connection = null;
    channel = null;
    consumerTag = null;
    if (conn != null) {
      try {
        conn.close(2000);
      } catch (IOException | RuntimeException e) {
        log.debug("closing the tick connection failed", e);
      }
    }
  }

  /** Settings of a {@link RabbitTickSource}; each setter rejects a bad value at once. */
  public static final class Builder {
    private final ConnectionFactory amqp;
    private final RedissonClient redisson;
    private final String name;
    private Duration interval = DEFAULT_INTERVAL;
    private Duration staleAfter = DEFAULT_STALE_AFTER;
    private Duration watchdogInterval = DEFAULT_WATCHDOG_INTERVAL;
    private Clock clock = Clock.systemUTC();
    private String redisPrefix = DEFAULT_REDIS_PREFIX;

    private Builder(ConnectionFactory amqp, RedissonClient redisson, String name) {
      this.amqp = Objects.requireNonNull(amqp, "amqp");
      this.redisson = Objects.requireNonNull(redisson, "redisson");
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "tick loop name must match " + NAME.pattern() + ", was '" + name + "'");
      }
      this.name = name;
    }

    /** The delay queue's message TTL: the time between ticks, at least 10 ms. */
    public Builder interval(Duration interval) {
      positive(interval, "interval");
      if (interval.toMillis() < 10 || interval.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("interval must be in 10 ms..24 days, was " + interval);
      }
      this.interval = interval;
      return this;
    }

    /** How long without an accepted tick before the loop counts as lost and is re-seeded. */
    public Builder staleAfter(Duration staleAfter) {
      this.staleAfter = positive(staleAfter, "staleAfter");
      return this;
    }

    public Builder watchdogInterval(Duration watchdogInterval) {
      this.watchdogInterval = positive(watchdogInterval, "watchdogInterval");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder redisPrefix(String redisPrefix) {
      Objects.requireNonNull(redisPrefix, "redisPrefix");
      if (redisPrefix.isBlank()) {
        throw new IllegalArgumentException("redisPrefix must not be blank");
      }
      this.redisPrefix = redisPrefix;
      return this;
    }

    public RabbitTickSource build() {
      if (staleAfter.compareTo(interval.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException(
            "staleAfter ("
                + staleAfter
                + ") must be at least twice the interval ("
                + interval
                + ")");
      }
      return new RabbitTickSource(this);
    }
  }
}
