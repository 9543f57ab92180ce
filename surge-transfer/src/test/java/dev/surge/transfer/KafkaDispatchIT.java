package dev.surge.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.kafka.KeyOrderedProcessor;
import dev.surge.lock.Locks;
import dev.surge.testkit.InProcessKafka;
import dev.surge.testkit.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.api.RedissonClient;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Dispatch through a real (in-process) Kafka broker into {@link DueConsumers} processors, against
 * PostgreSQL and Redis: big drains deposit every transfer exactly once, in per-user order, and a
 * consumer killed mid-batch plus a rebalance lose and duplicate nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaDispatchIT {

  static final Instant WINDOW_END = Instant.parse("2026-11-25T03:00:00Z");
  static final String BANK = "004";

  private InProcessKafka kafka;
  private RedissonClient redisson;
  private final List<KeyOrderedProcessor<String, String>> processors = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1000);
  private int topics;

  @BeforeAll
  void start() {
    kafka = InProcessKafka.start();
    redisson = TestRedis.client();
  }

  @AfterEach
  void stopProcessors() {
    processors.forEach(KeyOrderedProcessor::close);
    processors.clear();
  }

  @AfterAll
  void stop() {
    kafka.close();
    redisson.shutdown();
  }

  /** A transfer system on {@code db}, publishing to a fresh topic. */
  private Setup setup(TestDatabase db, SettableClock clock) throws Exception {
    String topic = "due-" + (++topics) + "-" + System.nanoTime();
    kafka.createTopic(topic, 6);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TransferSystem system =
        TransferSystem.builder(
                db.dataSource(), Locks.builder(redisson).build(), ids::incrementAndGet)
            .clock(clock)
            .meterRegistry(meters)
            .publisher(new KafkaDuePublisher(kafka.producer(), topic))
            .initialMode(DispatchMode.KAFKA)
            .settings(
                TransferSettings.custom()
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                    .bankPermitsPerSecond(100_000)
                    .build())
            .build();
    system.modes().set(DispatchMode.KAFKA);
    return new Setup(system, topic, meters);
  }

  record Setup(TransferSystem system, String topic, SimpleMeterRegistry meters) {}

  private KeyOrderedProcessor<String, String> consumer(Setup s, int concurrency) {
    KeyOrderedProcessor<String, String> processor =
        DueConsumers.processor(s.system().executor(), s.topic())
            .bootstrapServers(kafka.bootstrapServers())
            .groupId("executors-" + s.topic())
            .concurrency(concurrency)
            .revokeTimeout(Duration.ofSeconds(10))
            .build();
    processors.add(processor);
    processor.start();
    return processor;
  }

  /**
   * Stores {@code count} accepted DELAYED transfers round-robin over {@code users} users, due at
   * {@link #WINDOW_END}, as the request path leaves them (wallets already debited).
   */
  private List<Long> seedDelayed(JdbcTemplate jdbc, int count, int users) {
    List<Long> created = new ArrayList<>(count);
    List<Object[]> rows = new ArrayList<>(count);
    long userBase = ids.incrementAndGet();
    for (int i = 0; i < count; i++) {
      long id = ids.incrementAndGet();
      created.add(id);
      rows.add(
          new Object[] {
            id,
            userBase + (i % users),
            "seed-" + i,
            "h",
            BANK,
            "110-" + i,
            1_000L + i,
            "DELAYED",
            WINDOW_END.minusSeconds(3600).toEpochMilli(),
            WINDOW_END.toEpochMilli()
          });
    }
    jdbc.batchUpdate(
        "INSERT INTO tr_transfer (id, user_id, idempotency_key, request_hash, bank_code,"
            + " account_number, amount, status, version, attempts, created_at, scheduled_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)",
        rows);
    return created;
  }

  private static long count(JdbcTemplate jdbc, String sql) {
    return jdbc.queryForObject(sql, Long.class);
  }

  @Test
  void tenThousandDelayedTransfersFrom500UsersAreDepositedOnceInUserOrder() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.POSTGRES)) {
      SettableClock clock = new SettableClock(WINDOW_END.minusSeconds(60));
      Setup s = setup(db, clock);
      JdbcTemplate jdbc = db.jdbc();
      seedDelayed(jdbc, 10_000, 500);

      assertThat(s.system().dispatcher().dispatchOnce().dispatched()).isZero();
      clock.set(WINDOW_END);
      DispatchReport report = s.system().dispatcher().dispatchOnce();
      assertThat(report.mode()).isEqualTo(DispatchMode.KAFKA);
      assertThat(report.dispatched()).isEqualTo(10_000);
      assertThat(s.system().dispatcher().dispatchOnce().dispatched())
          .as("dispatched rows are not published again")
          .isZero();

      consumer(s, 32);
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  count(jdbc, "SELECT COUNT(*) FROM tr_transfer WHERE status = 'COMPLETED'")
                      == 10_000);

      assertThat(count(jdbc, "SELECT COUNT(*) FROM tr_sim_deposit")).isEqualTo(10_000);
      assertThat(count(jdbc, "SELECT SUM(calls) FROM tr_sim_deposit"))
          .as("bank calls: none repeated, not even one the bank's dedup absorbed")
          .isEqualTo(10_000);
      assertThat(
              count(
                  jdbc,
                  "SELECT COUNT(*) FROM tr_sim_deposit d JOIN tr_transfer t ON t.id = d.transfer_id"
                      + " WHERE d.amount <> t.amount"))
          .isZero();
      assertPerUserOrder(jdbc);
      assertThat(
              s.meters()
                  .counter("surge.transfer.executions", "path", "kafka", "outcome", "completed")
                  .count())
          .isEqualTo(10_000);
      assertThat(s.meters().counter("surge.transfer.dispatched", "path", "kafka").count())
          .isEqualTo(10_000);
    }
  }

  @Test
  void aConsumerKilledMidBatchAndARebalanceLoseAndDuplicateNothing() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Engine.POSTGRES)) {
      SettableClock clock = new SettableClock(WINDOW_END);
      Setup s = setup(db, clock);
      s.system().simulator().configure(Duration.ofMillis(5), 0.0);
      JdbcTemplate jdbc = db.jdbc();
      seedDelayed(jdbc, 2_000, 100);
      s.system().dispatcher().dispatchOnce();

      KeyOrderedProcessor<String, String> first = consumer(s, 16);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> count(jdbc, "SELECT COUNT(*) FROM tr_sim_deposit") >= 300);
      KeyOrderedProcessor<String, String> second = consumer(s, 16);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> count(jdbc, "SELECT COUNT(*) FROM tr_sim_deposit") >= 1_000);
      assertThat(first.inFlight()).as("records polled and not done when killed").isPositive();
      first.close(Duration.ofMillis(1));

      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(300))
          .until(
              () ->
                  count(jdbc, "SELECT COUNT(*) FROM tr_transfer WHERE status = 'DELAYED'") == 0
                      && second.inFlight() == 0);
      long orphans = count(jdbc, "SELECT COUNT(*) FROM tr_transfer WHERE status = 'PROCESSING'");
      clock.advance(TransferSettings.DEFAULT_STUCK_AFTER.plusMinutes(1));
      assertThat(s.system().sweeper().sweepOnce()).isEqualTo((int) orphans);

      assertThat(count(jdbc, "SELECT COUNT(*) FROM tr_transfer WHERE status = 'COMPLETED'"))
          .isEqualTo(2_000);
      assertThat(count(jdbc, "SELECT COUNT(*) FROM tr_sim_deposit")).isEqualTo(2_000);
      assertThat(count(jdbc, "SELECT SUM(calls) FROM tr_sim_deposit")).isEqualTo(2_000);
    }
  }

  /** For every user, the bank saw the user's transfers in the order they were requested. */
  private static void assertPerUserOrder(JdbcTemplate jdbc) {
    Map<Long, Long> lastIdByUser = new HashMap<>();
    List<String> violations = new ArrayList<>();
    jdbc.query(
        "SELECT t.user_id, t.id FROM tr_sim_deposit d JOIN tr_transfer t ON t.id = d.transfer_id"
            + " ORDER BY d.seq",
        rs -> {
          long user = rs.getLong(1);
          long id = rs.getLong(2);
          Long last = lastIdByUser.put(user, id);
          if (last != null && last > id) {
            violations.add("user " + user + ": " + last + " before " + id);
          }
        });
    assertThat(lastIdByUser).hasSize(500);
    assertThat(violations).isEmpty();
  }
}
