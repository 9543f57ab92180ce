package dev.surge.lock.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.lock.LockKey;
import dev.surge.lock.LockOptions;
import dev.surge.lock.Locks;
import dev.surge.lock.Pauses;
import dev.surge.lock.TestPostgres;
import dev.surge.lock.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Commit before unlock on PostgreSQL: the next holder always reads the committed row. */
class TransactionalLocksIT {

  private static final LockOptions PATIENT =
      LockOptions.custom().waitTime(Duration.ofSeconds(20)).build();

  private static RedissonClient client;
  // Another instance of the application, with its own lock owner ids.
  private static RedissonClient otherInstance;

  private final String run = TestRedis.runId();
  private final String table = "lock_wallet_" + run;
  private final LockKey key = LockKey.of("wallet", run);
  private final DataSource dataSource = TestPostgres.dataSource();
  private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
  private final DataSourceTransactionManager transactions =
      new DataSourceTransactionManager(dataSource);
  private final TransactionTemplate outer = new TransactionTemplate(transactions);
  private Locks locks;
  private TransactionalLocks txLocks;
  private ExecutorService pool;

  @BeforeAll
  static void connect() {
    client = TestRedis.client();
    otherInstance = TestRedis.client();
  }

  @AfterAll
  static void disconnect() {
    client.shutdown();
    otherInstance.shutdown();
  }

  @BeforeEach
  void setUp() {
    jdbc.execute("CREATE TABLE " + table + " (id TEXT PRIMARY KEY, balance BIGINT NOT NULL)");
    jdbc.update("INSERT INTO " + table + " VALUES ('w1', 100)");
    locks = Locks.builder(client).defaultOptions(PATIENT).build();
    txLocks = new TransactionalLocks(locks, transactions);
    pool = Executors.newCachedThreadPool();
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    jdbc.execute("DROP TABLE IF EXISTS " + table);
  }

  private long balance() {
    return jdbc.queryForObject("SELECT balance FROM " + table + " WHERE id = 'w1'", Long.class);
  }

  /** A read-modify-write debit, deliberately not a single atomic UPDATE. */
  private long debit(long amount) {
    long next = balance() - amount;
    jdbc.update("UPDATE " + table + " SET balance = ? WHERE id = 'w1'", next);
    return next;
  }

  private boolean lockedInRedis() {
    return client.getLock(key.redisKey()).isLocked();
  }

  /** Records, when the current transaction commits, whether the lock was still held then. */
  private List<Boolean> lockHeldAtCommit() {
    List<Boolean> seen = new ArrayList<>();
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            seen.add(lockedInRedis());
          }
        });
    return seen;
  }

  @Test
  void outsideATransactionTheBodyRunsInANewOneThatCommitsBeforeTheRelease() {
    List<List<Boolean>> seen = new ArrayList<>();

    long after =
        txLocks.withLock(
            key,
            PATIENT,
            () -> {
              assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isTrue();
              locks.assertHeld(key);
              seen.add(lockHeldAtCommit());
              return debit(10);
            });

    assertThat(after).isEqualTo(90);
    assertThat(seen.get(0)).as("lock held when the transaction committed").containsExactly(true);
    assertThat(lockedInRedis()).isFalse();
    assertThat(balance()).isEqualTo(90);
  }

  @Test
  void aFailingBodyRollsBackReleasesAndPropagates() {
    IllegalStateException failure = new IllegalStateException("declined");

    assertThatThrownBy(
            () ->
                txLocks.withLock(
                    key,
                    PATIENT,
                    () -> {
                      debit(10);
                      throw failure;
                    }))
        .isSameAs(failure);

    assertThat(balance()).isEqualTo(100);
    assertThat(lockedInRedis()).isFalse();
  }

  @Test
  void concurrentDebitsLoseNoUpdate() throws Exception {
    int threads = 4;
    int debits = 10;
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(
          pool.submit(
              () -> {
                for (int i = 0; i < debits; i++) {
                  txLocks.withLock(key, PATIENT, () -> debit(1));
                }
              }));
    }
    for (Future<?> future : futures) {
      future.get(2, TimeUnit.MINUTES);
    }

    assertThat(balance()).isEqualTo(100 - threads * debits);
  }

  @Test
  void insideATransactionTheLockIsReleasedOnlyAfterItCommits() {
    List<List<Boolean>> seen = new ArrayList<>();

    outer.executeWithoutResult(
        status -> {
          seen.add(lockHeldAtCommit());
          txLocks.withLock(key, PATIENT, () -> debit(10));
          assertThat(lockedInRedis()).as("held after the body, before the commit").isTrue();
        });

    assertThat(seen.get(0))
        .as("lock held when the outer transaction committed")
        .containsExactly(true);
    assertThat(lockedInRedis()).isFalse();
    assertThat(balance()).isEqualTo(90);
  }

  @Test
  void aSecondCallForTheKeyInTheSameTransactionReEntersInsteadOfWaitingForItself() {
    LockOptions noWait = LockOptions.custom().waitTime(Duration.ZERO).build();
    Locks otherClient = Locks.builder(otherInstance).build();
    List<Long> tokens = new ArrayList<>();

    outer.executeWithoutResult(
        status -> {
          txLocks.withLock(key, noWait, () -> debit(10));
          txLocks.withLock(key, noWait, () -> debit(10));
          tokens.add(txLocks.withFencedLock(key, noWait, token -> token));
          assertThat(lockedInRedis()).isTrue();
          assertThat(otherClient.tryWithLock(key, noWait, () -> 1).isAcquired()).isFalse();
        });

    assertThat(balance()).isEqualTo(80);
    assertThat(tokens).hasSize(1);
    assertThat(lockedInRedis()).as("released after the commit").isFalse();
    assertThat(otherClient.tryWithLock(key, noWait, () -> 1).isAcquired()).isTrue();
  }

  @Test
  void insideATransactionThatRollsBackTheLockIsReleasedToo() {
    outer.executeWithoutResult(
        status -> {
          txLocks.withLock(key, PATIENT, () -> debit(10));
          status.setRollbackOnly();
        });

    assertThat(lockedInRedis()).isFalse();
    assertThat(balance()).isEqualTo(100);
  }

  @Test
  void aScopeWithSynchronizationButNoTransactionGetsANewTransaction() {
    TransactionTemplate supports = new TransactionTemplate(transactions);
    supports.setPropagationBehavior(TransactionDefinition.PROPAGATION_SUPPORTS);
    List<List<Boolean>> seen = new ArrayList<>();

    supports.executeWithoutResult(
        status ->
            txLocks.withLock(
                key,
                PATIENT,
                () -> {
                  assertThat(TransactionSynchronizationManager.isActualTransactionActive())
                      .isTrue();
                  seen.add(lockHeldAtCommit());
                  return debit(10);
                }));

    assertThat(seen.get(0)).containsExactly(true);
    assertThat(balance()).isEqualTo(90);
    assertThat(lockedInRedis()).isFalse();
  }

  @Test
  void theNextHolderSeesTheValueTheOuterTransactionCommitted() throws Exception {
    CountDownLatch bodyDone = new CountDownLatch(1);
    Future<?> first =
        pool.submit(
            () ->
                outer.executeWithoutResult(
                    status -> {
                      txLocks.withLock(key, PATIENT, () -> debit(10));
                      bodyDone.countDown();
                      // Work after the body, inside the transaction: the lock must cover it.
                      Pauses.sleep(300);
                    }));
    assertThat(bodyDone.await(20, TimeUnit.SECONDS)).isTrue();

    long seenBySecond = txLocks.withLock(key, PATIENT, this::balance);

    first.get(20, TimeUnit.SECONDS);
    assertThat(seenBySecond).isEqualTo(90);
  }

  @Test
  void withoutItALockReleasedBeforeTheCommitLetsTheNextHolderReadAStaleRow() throws Exception {
    CountDownLatch released = new CountDownLatch(1);
    CountDownLatch secondRead = new CountDownLatch(1);
    Future<?> first =
        pool.submit(
            () ->
                outer.executeWithoutResult(
                    status -> {
                      locks.withLock(key, () -> debit(10));
                      released.countDown();
                      Pauses.await(secondRead);
                    }));
    assertThat(released.await(20, TimeUnit.SECONDS)).isTrue();

    long seenBySecond = locks.withLock(key, this::balance);
    secondRead.countDown();

    first.get(20, TimeUnit.SECONDS);
    assertThat(seenBySecond).as("stale read: the lost-update hazard").isEqualTo(100);
    assertThat(balance()).isEqualTo(90);
  }

  @Test
  void theFencedVariantPassesIncreasingTokensInsideTheTransaction() {
    long first = txLocks.withFencedLock(key, PATIENT, token -> token);
    AtomicBoolean inTransaction = new AtomicBoolean();
    long second =
        txLocks.withFencedLock(
            key,
            PATIENT,
            token -> {
              inTransaction.set(TransactionSynchronizationManager.isActualTransactionActive());
              return token;
            });

    assertThat(second).isGreaterThan(first);
    assertThat(inTransaction).isTrue();
    assertThat(lockedInRedis()).isFalse();
  }
}
