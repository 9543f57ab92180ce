package dev.surge.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.surge.kafka.KeyOrderedProcessor;
import dev.surge.lock.Locks;
import dev.surge.testkit.InProcessKafka;
import dev.surge.testkit.SettableClock;
import dev.surge.transfer.DispatchMode;
import dev.surge.transfer.DueConsumers;
import dev.surge.transfer.KafkaDuePublisher;
import dev.surge.transfer.TransferSettings;
import dev.surge.transfer.TransferSystem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.redisson.api.RedissonClient;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * End-to-end drain of delayed transfers after a maintenance window, bank latency 20 ms: the
 * dispatcher executing them itself one after another (DIRECT, the rollout fallback) against the
 * dispatcher publishing to Kafka keyed by user id and {@link DueConsumers} executing them with
 * per-user order and users in parallel. Both run the full state machine on PostgreSQL with Redis
 * locks and the bank simulator; the ledger is checked for exactly one deposit per transfer.
 *
 * <p>The rate is transfers divided by the time from the dispatch call to the last COMPLETED row.
 * The direct variant drains a sample ({@link #DIRECT_TRANSFERS}): all 10,000 would take 200 s.
 */
public final class TransferDrainScenario implements Scenario {

  static final int TRANSFERS = 10_000;
  static final int USERS = 500;
  static final int DIRECT_TRANSFERS = 300;
  static final int CONCURRENCY = 100;
  static final Duration BANK_LATENCY = Duration.ofMillis(20);
  static final Duration ROUND_TIMEOUT = Duration.ofMinutes(5);
  static final String[] BANKS = {"004", "088", "020", "081", "011"};

  private final String schema = "tr_bench_" + UUID.randomUUID().toString().substring(0, 8);
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T03:00:00Z"));
  private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1000);
  private HikariDataSource dataSource;
  private JdbcTemplate jdbc;
  private RedissonClient redisson;
  private InProcessKafka kafka;
  private KeyOrderedProcessor<String, String> consumer;
  private TransferSystem system;

  @Override
  public String name() {
    return "transfer-drain";
  }

  @Override
  public String description() {
    return TRANSFERS
        + " delayed transfers of "
        + USERS
        + " users after a window ends, bank latency "
        + BANK_LATENCY.toMillis()
        + " ms; transfers/s: direct sequential (sample of "
        + DIRECT_TRANSFERS
        + ") vs Kafka pipeline, concurrency "
        + CONCURRENCY;
  }

  @Override
  public String metric() {
    return "transfers_per_s";
  }

  @Override
  public boolean higherIsBetter() {
    return true;
  }

  @Override
  public List<Variant> variants() {
    return List.of(
        Variant.of("direct-sequential", () -> drain(DispatchMode.DIRECT, DIRECT_TRANSFERS)),
        Variant.of(Variant.SURGE, () -> drain(DispatchMode.KAFKA, TRANSFERS)));
  }

  @Override
  public void setUp() throws Exception {
    for (String logger :
        new String[] {
          "kafka",
          "org.apache.kafka",
          "org.springframework.kafka",
          "state.change.logger",
          "dev.surge.kafka"
        }) {
      System.setProperty("org.slf4j.simpleLogger.log." + logger, "warn");
    }
    String postgres = System.getProperty("surge.bench.postgres", "127.0.0.1:5432");
    new JdbcTemplate(dataSource("jdbc:postgresql://" + postgres + "/surge_test", 1))
        .execute("CREATE SCHEMA " + schema);
    dataSource =
        dataSource("jdbc:postgresql://" + postgres + "/surge_test?currentSchema=" + schema, 24);
    Flyway.configure().dataSource(dataSource).locations("classpath:db/main").load().migrate();
    jdbc = new JdbcTemplate(dataSource);

    redisson = BenchRedis.client();

    kafka = InProcessKafka.start();
    String topic = "transfer-due-" + schema;
    kafka.createTopic(topic, 12);

    system =
        TransferSystem.builder(dataSource, Locks.builder(redisson).build(), ids::incrementAndGet)
            .clock(clock)
            .publisher(new KafkaDuePublisher(kafka.producer(), topic))
            .settings(TransferSettings.custom().bankPermitsPerSecond(100_000).build())
            .build();
    system.simulator().configure(BANK_LATENCY, 0.0);
    // Rounds move the clock by hours; without this they would walk into the nightly windows.
    for (String bank : BANKS) {
      system.calendar().replaceMaintenance(bank, List.of(), List.of());
    }
    consumer =
        DueConsumers.processor(system.executor(), topic)
            .bootstrapServers(kafka.bootstrapServers())
            .groupId("bench-" + schema)
            .concurrency(CONCURRENCY)
            .build();
    consumer.start();
  }

  @Override
  public void tearDown() {
    if (consumer != null) {
      consumer.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (redisson != null) {
      redisson.shutdown();
    }
    if (dataSource != null) {
      dataSource.close();
      new JdbcTemplate(
              dataSource(
                  "jdbc:postgresql://"
                      + System.getProperty("surge.bench.postgres", "127.0.0.1:5432")
                      + "/surge_test",
                  1))
          .execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private static HikariDataSource dataSource(String url, int pool) {
    HikariDataSource ds = new HikariDataSource();
    ds.setJdbcUrl(url);
    ds.setUsername(System.getProperty("surge.bench.postgres.user", "postgres"));
    ds.setMaximumPoolSize(pool);
    return ds;
  }

  /** One round: seeds {@code count} due transfers, dispatches, waits until all are COMPLETED. */
  private double drain(DispatchMode mode, int count) throws Exception {
    Instant windowEnd = clock.advance(Duration.ofHours(1));
    long first = ids.get() + 1;
    seed(count, windowEnd);
    long last = ids.get();
    system.modes().set(mode);

    long start = System.nanoTime();
    system.dispatcher().dispatchOnce();
    long deadline = start + ROUND_TIMEOUT.toNanos();
    while (completed(first, last) < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(mode + ": not drained within " + ROUND_TIMEOUT);
      }
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    verifyExactlyOnce(first, last, count);
    return count / seconds;
  }

  private void seed(int count, Instant due) {
    List<Object[]> rows = new ArrayList<>(count);
    long userBase = ids.incrementAndGet();
    for (int i = 0; i < count; i++) {
      rows.add(
          new Object[] {
            ids.incrementAndGet(),
            userBase + i % USERS,
            "bench-" + i,
            BANKS[i % BANKS.length],
            "110-" + i,
            1_000L,
            due.minusSeconds(3600).toEpochMilli(),
            due.toEpochMilli()
          });
    }
    jdbc.batchUpdate(
        "INSERT INTO tr_transfer (id, user_id, idempotency_key, request_hash, bank_code,"
            + " account_number, amount, status, version, attempts, created_at, scheduled_at)"
            + " VALUES (?, ?, ?, 'h', ?, ?, ?, 'DELAYED', 0, 0, ?, ?)",
        rows);
  }

  private long completed(long first, long last) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM tr_transfer WHERE status = 'COMPLETED' AND id BETWEEN ? AND ?",
        Long.class,
        first,
        last);
  }

  private void verifyExactlyOnce(long first, long last, int count) {
    Map<String, Object> ledger =
        jdbc.queryForMap(
            "SELECT COUNT(*) AS deposits, COALESCE(SUM(calls), 0) AS calls FROM tr_sim_deposit"
                + " WHERE transfer_id BETWEEN ? AND ?",
            first,
            last);
    long deposits = ((Number) ledger.get("deposits")).longValue();
    long calls = ((Number) ledger.get("calls")).longValue();
    if (deposits != count || calls != count) {
      throw new IllegalStateException(
          "ledger holds " + deposits + " deposits from " + calls + " calls, expected " + count);
    }
  }
}
