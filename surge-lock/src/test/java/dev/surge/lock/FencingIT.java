package dev.surge.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A holder paused past its fixed lease loses the lock to a second holder; the fencing check in
 * PostgreSQL ({@code UPDATE ... WHERE fence < :token}) rejects the paused holder's late write.
 */
class FencingIT {

  private static final Duration LEASE = Duration.ofMillis(300);

  private final String run = TestRedis.runId();
  private final String table = "lock_fence_" + run;
  private final JdbcTemplate jdbc = new JdbcTemplate(TestPostgres.dataSource());
  private RedissonClient clientA;
  private RedissonClient clientB;
  private ExecutorService pool;

  @BeforeEach
  void setUp() {
    jdbc.execute(
        "CREATE TABLE "
            + table
            + " (id TEXT PRIMARY KEY, balance BIGINT NOT NULL, fence BIGINT"
            + " NOT NULL)");
    jdbc.update("INSERT INTO " + table + " VALUES ('w1', 100, 0)");
    clientA = TestRedis.client();
    clientB = TestRedis.client();
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    clientA.shutdown();
    clientB.shutdown();
    jdbc.execute("DROP TABLE IF EXISTS " + table);
  }

  /** The fenced write: accepted only with a token above the last accepted one. */
  private int write(long balance, long token) {
    return jdbc.update(
        "UPDATE " + table + " SET balance = ?, fence = ? WHERE id = 'w1' AND fence < ?",
        balance,
        token,
        token);
  }

  @Test
  void aHolderPausedPastItsLeaseHasItsWriteRejected() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Locks locksA = Locks.builder(clientA).meterRegistry(meters).build();
    Locks locksB = Locks.builder(clientB).build();
    LockKey key = LockKey.of("wallet", run);
    LockOptions fixedLease = LockOptions.custom().lease(LEASE).build();
    CountDownLatch aHolds = new CountDownLatch(1);
    CountDownLatch bWrote = new CountDownLatch(1);
    long[] tokens = new long[2];

    Future<Integer> paused =
        pool.submit(
            () ->
                locksA.withFencedLock(
                    key,
                    fixedLease,
                    token -> {
                      tokens[0] = token;
                      aHolds.countDown();
                      // The "GC pause": A resumes only after B took the expired lock and wrote.
                      Pauses.await(bWrote);
                      return write(50, token);
                    }));
    assertThat(aHolds.await(10, TimeUnit.SECONDS)).isTrue();
    Future<Integer> next =
        pool.submit(
            () ->
                locksB.withFencedLock(
                    key,
                    LockOptions.custom().waitTime(Duration.ofSeconds(10)).build(),
                    token -> {
                      tokens[1] = token;
                      int rows = write(70, token);
                      bWrote.countDown();
                      return rows;
                    }));

    assertThat(next.get(20, TimeUnit.SECONDS)).as("B's write").isEqualTo(1);
    assertThat(paused.get(20, TimeUnit.SECONDS)).as("A's stale write").isZero();
    assertThat(tokens[1]).isGreaterThan(tokens[0]);
    assertThat(jdbc.queryForObject("SELECT balance FROM " + table, Long.class)).isEqualTo(70);
    assertThat(jdbc.queryForObject("SELECT fence FROM " + table, Long.class)).isEqualTo(tokens[1]);
    assertThat(meters.get(Locks.METRIC_LEASE_LOST).tag("type", "wallet").counter().count())
        .isEqualTo(1);
  }

  @Test
  void withoutTheFenceThePausedHolderOverwritesTheNewerWrite() throws Exception {
    Locks locksA = Locks.builder(clientA).build();
    Locks locksB = Locks.builder(clientB).build();
    LockKey key = LockKey.of("wallet", run);
    CountDownLatch aHolds = new CountDownLatch(1);
    CountDownLatch bWrote = new CountDownLatch(1);

    Future<Integer> paused =
        pool.submit(
            () ->
                locksA.withLock(
                    key,
                    LockOptions.custom().lease(LEASE).build(),
                    () -> {
                      aHolds.countDown();
                      Pauses.await(bWrote);
                      return jdbc.update("UPDATE " + table + " SET balance = 50");
                    }));
    assertThat(aHolds.await(10, TimeUnit.SECONDS)).isTrue();
    locksB.withLock(
        key,
        LockOptions.custom().waitTime(Duration.ofSeconds(10)).build(),
        () -> {
          jdbc.update("UPDATE " + table + " SET balance = 70");
          bWrote.countDown();
        });

    assertThat(paused.get(20, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT balance FROM " + table, Long.class))
        .as("B's newer write lost")
        .isEqualTo(50);
  }
}
