package dev.surge.pung;

import dev.surge.lock.LockException;
import dev.surge.lock.LockKey;
import dev.surge.lock.LockOptions;
import dev.surge.lock.Locks;
import dev.surge.pung.internal.FanoutMessage;
import dev.surge.pung.internal.Outbox;
import dev.surge.pung.internal.PungMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Publishes outbox rows to Kafka as {@code (pungId, chunk of viewer ids)} records and deletes each
 * row once all its records are acknowledged. A row that fails stays and is retried with backoff, so
 * nothing is lost while Kafka is down; a row published twice (crash before the delete) is harmless
 * because fan-out is idempotent.
 *
 * <p>{@link #start()} runs a loop on one thread that wakes on {@link #wakeUp()} (called after each
 * local post) or every poll interval; across instances one relay runs at a time under a lock.
 */
public final class OutboxRelay implements AutoCloseable {

  public static final int DEFAULT_CHUNK_SIZE = 500;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);
  public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  static final LockKey LOCK = LockKey.of("pung_relay", "outbox");
  private static final int ROWS_PER_ROUND = 50;
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final JdbcTemplate jdbc;
  private final Outbox outbox;
  private final Producer<String, byte[]> producer;
  private final String topic;
  private final int chunkSize;
  private final Clock clock;
  private final Locks locks;
  private final Duration pollInterval;
  private final PungMetrics metrics;
  private final BlockingQueue<Boolean> signal = new ArrayBlockingQueue<>(1);
  private volatile boolean running;
  private Thread thread;

  OutboxRelay(
      JdbcTemplate jdbc,
      Outbox outbox,
      Producer<String, byte[]> producer,
      String topic,
      int chunkSize,
      Clock clock,
      Locks locks,
      Duration pollInterval,
      PungMetrics metrics) {
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.producer = producer;
    this.topic = topic;
    this.chunkSize = chunkSize;
    this.clock = clock;
    this.locks = locks;
    this.pollInterval = pollInterval;
    this.metrics = metrics;
  }

  /** Publishes the due rows (one round); returns how many rows were published. */
  public int runOnce() {
    int published = 0;
    List<Outbox.Entry> due = outbox.due(clock.millis(), ROWS_PER_ROUND);
    for (Outbox.Entry entry : due) {
      try {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (FanoutMessage message : messagesOf(entry)) {
          sends.add(
              producer.send(
                  new ProducerRecord<>(topic, Long.toString(entry.pungId()), message.encode())));
        }
        for (Future<RecordMetadata> send : sends) {
          send.get(DEFAULT_SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        outbox.done(entry.id());
        published++;
        metrics.relayPublished.increment();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return published;
      } catch (Exception e) {
        metrics.relayFailures.increment();
        long backoff = Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(entry.attempts(), 16));
        outbox.retryLater(entry.id(), clock.millis() + backoff);
        log.warn(
            "Outbox row {} not published, retrying in {} ms: {}",
            entry.id(),
            backoff,
            e.toString());
        return published;
      }
    }
    return published;
  }

  /** Asks the loop to run now rather than at the next poll interval. */
  public void wakeUp() {
    signal.offer(Boolean.TRUE);
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::loop, "pung-relay");
    thread.setDaemon(true);
    thread.start();
  }

  public boolean isRunning() {
    return running;
  }

  @Override
  public synchronized void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(DEFAULT_SEND_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
  }

  private void loop() {
    while (running) {
      try {
        int published = exclusively();
        if (published == 0) {
          signal.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("Outbox relay round failed: {}", e.toString());
        try {
          Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private int exclusively() {
    if (locks == null) {
      return runOnce();
    }
    try {
      return locks
          .tryWithLock(LOCK, LockOptions.custom().waitTime(Duration.ZERO).build(), this::runOnce)
          .orElse(0);
    } catch (LockException e) {
      // Without the lock store, two relays may publish the same row: harmless, fan-out is
      // idempotent, and better than not publishing at all.
      return runOnce();
    }
  }

  private List<FanoutMessage> messagesOf(Outbox.Entry entry) {
    List<PungRow> found =
        jdbc.query(
            "SELECT author_id, body, created_at, expires_at, deleted_at FROM pung WHERE id = ?",
            (rs, n) ->
                new PungRow(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getObject(5) != null),
            entry.pungId());
    if (found.isEmpty()) {
      return List.of();
    }
    PungRow p = found.get(0);
    long[] viewers;
    FanoutMessage.Kind kind;
    switch (entry.kind()) {
      case ADD -> {
        kind = FanoutMessage.Kind.ADD;
        viewers = p.deleted() ? new long[0] : audience(entry.pungId());
      }
      case REMOVE -> {
        kind = FanoutMessage.Kind.REMOVE;
        viewers = audience(entry.pungId());
      }
      default -> {
        kind = FanoutMessage.Kind.REMOVE;
        viewers = new long[] {entry.viewerId()};
      }
    }
    List<FanoutMessage> messages = new ArrayList<>();
    for (int from = 0; from < viewers.length; from += chunkSize) {
      long[] chunk = Arrays.copyOfRange(viewers, from, Math.min(viewers.length, from + chunkSize));
      messages.add(
          new FanoutMessage(
              kind, entry.pungId(), p.author(), p.text(), p.created(), p.expires(), chunk));
    }
    return messages;
  }

  private long[] audience(long pungId) {
    return jdbc
        .queryForList(
            "SELECT viewer_id FROM pung_audience WHERE pung_id = ? ORDER BY viewer_id",
            Long.class,
            pungId)
        .stream()
        .mapToLong(Long::longValue)
        .toArray();
  }

  /** The pung columns a fan-out message carries. */
  private record PungRow(long author, String text, long created, long expires, boolean deleted) {}
}
