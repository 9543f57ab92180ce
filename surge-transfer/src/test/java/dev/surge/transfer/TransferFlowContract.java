package dev.surge.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.lock.Locks;
import dev.surge.testkit.SettableClock;
import dev.surge.transfer.TransferRejectedException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.api.RedissonClient;

/**
 * The transfer flow against one real database engine (subclasses pick it), real Redis locks and the
 * bank simulator, driven by a settable clock.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TransferFlowContract {

  /** 12:00 in Seoul: every seeded bank is open. */
  static final Instant NOON_SEOUL = Instant.parse("2026-11-25T03:00:00Z");

  static final String OPEN_BANK = "090";
  static final String MAINTENANCE_BANK = "004";

  private final TestDatabase.Engine engine;
  private TestDatabase db;
  private RedissonClient redisson;
  private final SettableClock clock = new SettableClock(NOON_SEOUL);
  private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1000);
  TransferSystem system;

  TransferFlowContract(TestDatabase.Engine engine) {
    this.engine = engine;
  }

  @BeforeAll
  void start() {
    db = TestDatabase.create(engine);
    redisson = TestRedis.client();
    system =
        TransferSystem.builder(
                db.dataSource(), Locks.builder(redisson).build(), ids::incrementAndGet)
            .clock(clock)
            .calendarRefresh(Duration.ZERO)
            .initialMode(DispatchMode.DIRECT)
            .settings(
                TransferSettings.custom()
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                    .stuckAfter(Duration.ofMinutes(5))
                    .build())
            .build();
  }

  @AfterAll
  void stop() {
    if (redisson != null) {
      redisson.shutdown();
    }
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void reset() {
    // Each test dispatches only its own transfers: earlier tests' leftovers are retired.
    db.jdbc().update("UPDATE tr_transfer SET status = 'CANCELED' WHERE status = 'DELAYED'");
    clock.set(NOON_SEOUL);
    system.simulator().configure(Duration.ZERO, 0.0);
    system.calendar().replaceMaintenance(MAINTENANCE_BANK, List.of(), List.of());
    system.calendar().replaceMaintenance(OPEN_BANK, List.of(), List.of());
  }

  static long newUser() {
    return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
  }

  private void maintenance(String bank, Instant start, Instant end) {
    system
        .calendar()
        .replaceMaintenance(bank, List.of(), List.of(new MaintenanceWindow(start, end)));
  }

  private static TransferRequest request(String bank, long amount) {
    return new TransferRequest(bank, "110-123-456789", amount, "rent");
  }

  @Test
  void creditsAccumulate() {
    long user = newUser();
    assertThat(system.wallets().balance(user)).isZero();
    assertThat(system.wallets().credit(user, 1_000)).isEqualTo(1_000);
    assertThat(system.wallets().credit(user, 500)).isEqualTo(1_500);
    assertThat(system.wallets().balance(user)).isEqualTo(1_500);
  }

  @Test
  void openBankCompletesAtOnceAndDepositsOnce() {
    long user = newUser();
    system.wallets().credit(user, 10_000);

    SubmitResult result = system.transfers().submit(user, "k1", request(OPEN_BANK, 3_000));

    Transfer t = result.transfer();
    assertThat(result.replayed()).isFalse();
    assertThat(t.status()).isEqualTo(TransferStatus.COMPLETED);
    assertThat(t.completedAt()).isEqualTo(NOON_SEOUL);
    assertThat(system.wallets().balance(user)).isEqualTo(7_000);
    assertThat(system.simulator().receipts(t.id()))
        .singleElement()
        .satisfies(r -> assertThat(r.amount()).isEqualTo(3_000));
    assertThat(system.simulator().calls(t.id())).isEqualTo(1);
  }

  @Test
  void maintenanceDelaysUntilTheWindowEndsThenDispatchCompletes() {
    long user = newUser();
    system.wallets().credit(user, 10_000);
    Instant end = NOON_SEOUL.plus(Duration.ofMinutes(30));
    maintenance(MAINTENANCE_BANK, NOON_SEOUL.minus(Duration.ofMinutes(10)), end);

    Transfer t = system.transfers().submit(user, "k1", request(MAINTENANCE_BANK, 4_000)).transfer();

    assertThat(t.status()).isEqualTo(TransferStatus.DELAYED);
    assertThat(t.scheduledAt()).isEqualTo(end);
    assertThat(system.wallets().balance(user)).isEqualTo(6_000);
    assertThat(system.transfers().list(user, TransferStatus.DELAYED))
        .extracting(Transfer::id)
        .containsExactly(t.id());

    assertThat(system.dispatcher().dispatchOnce().dispatched()).isZero();
    assertThat(status(user, t)).isEqualTo(TransferStatus.DELAYED);

    clock.set(end);
    DispatchReport report = system.dispatcher().dispatchOnce();

    assertThat(report.ran()).isTrue();
    assertThat(report.dispatched()).isEqualTo(1);
    assertThat(status(user, t)).isEqualTo(TransferStatus.COMPLETED);
    assertThat(system.simulator().calls(t.id())).isEqualTo(1);
    assertThat(system.dispatcher().dispatchOnce().dispatched()).isZero();
  }

  @Test
  void changingTheWindowsMovesDelayedTransfersWithThem() {
    long user = newUser();
    system.wallets().credit(user, 10_000);
    maintenance(MAINTENANCE_BANK, NOON_SEOUL, NOON_SEOUL.plus(Duration.ofHours(1)));
    Transfer t = system.transfers().submit(user, "w", request(MAINTENANCE_BANK, 1_000)).transfer();

    Instant longer = NOON_SEOUL.plus(Duration.ofHours(3));
    maintenance(MAINTENANCE_BANK, NOON_SEOUL, longer);
    assertThat(system.transfers().get(user, t.id()).orElseThrow().scheduledAt()).isEqualTo(longer);

    clock.advance(Duration.ofMinutes(1));
    system.calendar().replaceMaintenance(MAINTENANCE_BANK, List.of(), List.of());
    assertThat(system.transfers().get(user, t.id()).orElseThrow().scheduledAt())
        .isEqualTo(clock.instant());
    system.dispatcher().dispatchOnce();
    assertThat(status(user, t)).isEqualTo(TransferStatus.COMPLETED);
  }

  @Test
  void aBankBackInMaintenanceDelaysTheTransferAgain() {
    long user = newUser();
    system.wallets().credit(user, 10_000);
    Instant end = NOON_SEOUL.plus(Duration.ofMinutes(30));
    maintenance(MAINTENANCE_BANK, NOON_SEOUL, end);
    Transfer t = system.transfers().submit(user, "k1", request(MAINTENANCE_BANK, 1_000)).transfer();

    clock.set(end.plus(Duration.ofMinutes(1)));
    Instant secondEnd = end.plus(Duration.ofHours(2));
    maintenance(MAINTENANCE_BANK, end, secondEnd);
    system.dispatcher().dispatchOnce();

    Transfer after = system.transfers().get(user, t.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(TransferStatus.DELAYED);
    assertThat(after.scheduledAt()).isEqualTo(secondEnd);
    assertThat(system.simulator().calls(t.id())).isZero();
  }

  @Test
  void sameKeySameBodyReplaysAndDifferentBodyConflicts() {
    long user = newUser();
    system.wallets().credit(user, 10_000);
    Transfer first = system.transfers().submit(user, "same", request(OPEN_BANK, 1_000)).transfer();

    SubmitResult replay = system.transfers().submit(user, "same", request(OPEN_BANK, 1_000));

    assertThat(replay.replayed()).isTrue();
    assertThat(replay.transfer().id()).isEqualTo(first.id());
    assertThat(system.wallets().balance(user)).isEqualTo(9_000);
    assertThatThrownBy(() -> system.transfers().submit(user, "same", request(OPEN_BANK, 2_000)))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.IDEMPOTENCY_CONFLICT));
    // Keys are per user: another user's identical key is a new transfer.
    long other = newUser();
    system.wallets().credit(other, 1_000);
    assertThat(system.transfers().submit(other, "same", request(OPEN_BANK, 1_000)).replayed())
        .isFalse();
  }

  @Test
  void keysAreExactCaseAndSpacesIncluded() {
    long user = newUser();
    system.wallets().credit(user, 10_000);
    List<Long> ids = new ArrayList<>();
    for (String key : new String[] {"Key-A", "key-a", "Key-A ", "키-A"}) {
      SubmitResult r = system.transfers().submit(user, key, request(OPEN_BANK, 100));
      assertThat(r.replayed()).as(key).isFalse();
      ids.add(r.transfer().id());
    }
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(system.transfers().submit(user, "키-A", request(OPEN_BANK, 100)).replayed()).isTrue();
    assertThat(system.wallets().balance(user)).isEqualTo(9_600);
  }

  @Test
  void concurrentReplaysCreateOneTransfer() throws Exception {
    long user = newUser();
    system.wallets().credit(user, 10_000);
    List<Long> ids =
        runConcurrently(
            16,
            i -> system.transfers().submit(user, "dup", request(OPEN_BANK, 700)).transfer().id());

    assertThat(ids).containsOnly(ids.get(0));
    assertThat(system.wallets().balance(user)).isEqualTo(9_300);
    assertThat(system.transfers().list(user, null)).hasSize(1);
  }

  @Test
  void insufficientBalanceChangesNothing() {
    long user = newUser();
    system.wallets().credit(user, 500);

    assertThatThrownBy(() -> system.transfers().submit(user, "k", request(OPEN_BANK, 501)))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INSUFFICIENT_BALANCE));
    assertThat(system.wallets().balance(user)).isEqualTo(500);
    assertThat(system.transfers().list(user, null)).isEmpty();
  }

  @Test
  void unknownBankAndBadAmountsAreRejected() {
    long user = newUser();
    system.wallets().credit(user, 500);
    assertThatThrownBy(() -> system.transfers().submit(user, "k", request("999", 1)))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_BANK));
    for (long amount : new long[] {0, -1, TransferRequest.MAX_AMOUNT + 1}) {
      assertThatThrownBy(() -> system.transfers().submit(user, "k", request(OPEN_BANK, amount)))
          .isInstanceOfSatisfying(
              TransferRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }
    assertThat(system.wallets().balance(user)).isEqualTo(500);
  }

  @Test
  void cancelRefundsOnlyADelayedTransfer() {
    long user = newUser();
    system.wallets().credit(user, 10_000);
    maintenance(MAINTENANCE_BANK, NOON_SEOUL, NOON_SEOUL.plus(Duration.ofHours(1)));
    Transfer delayed =
        system.transfers().submit(user, "d", request(MAINTENANCE_BANK, 2_000)).transfer();
    Transfer done = system.transfers().submit(user, "c", request(OPEN_BANK, 1_000)).transfer();
    assertThat(system.wallets().balance(user)).isEqualTo(7_000);

    Transfer canceled = system.transfers().cancel(user, delayed.id());

    assertThat(canceled.status()).isEqualTo(TransferStatus.CANCELED);
    assertThat(system.wallets().balance(user)).isEqualTo(9_000);
    assertWrongState(() -> system.transfers().cancel(user, delayed.id()));
    assertWrongState(() -> system.transfers().cancel(user, done.id()));
    assertThat(system.wallets().balance(user)).isEqualTo(9_000);
    assertThatThrownBy(() -> system.transfers().cancel(newUser(), done.id()))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    clock.set(NOON_SEOUL.plus(Duration.ofHours(2)));
    system.dispatcher().dispatchOnce();
    assertThat(system.simulator().calls(delayed.id())).isZero();
  }

  @Test
  void bankFailuresAreRetriedThenTheTransferFailsAndIsRefunded() {
    long user = newUser();
    system.wallets().credit(user, 10_000);
    system.simulator().configure(Duration.ZERO, 1.0);

    Transfer t = system.transfers().submit(user, "f", request(OPEN_BANK, 2_500)).transfer();

    assertThat(t.status()).isEqualTo(TransferStatus.FAILED);
    assertThat(t.failureReason()).contains("BANK_UNAVAILABLE").contains("after 3 attempts");
    assertThat(system.wallets().balance(user)).isEqualTo(10_000);
    assertThat(system.simulator().receipts(t.id())).isEmpty();
  }

  @Test
  void sweeperFinishesAClaimWhoseWorkerDiedBeforeTheBankCall() {
    long user = newUser();
    system.wallets().credit(user, 10_000);
    Transfer t = delayedAndDue(user, "s1");
    crashAfterClaim(t);

    assertThat(system.sweeper().sweepOnce()).isZero();
    clock.advance(Duration.ofMinutes(6));
    assertThat(system.sweeper().sweepOnce()).isEqualTo(1);

    assertThat(status(user, t)).isEqualTo(TransferStatus.COMPLETED);
    assertThat(system.simulator().calls(t.id())).isEqualTo(1);
    assertThat(system.wallets().balance(user)).isEqualTo(9_000);
  }

  @Test
  void sweeperCompletesAClaimWhoseWorkerDiedAfterTheBankDeposited() throws Exception {
    long user = newUser();
    system.wallets().credit(user, 10_000);
    Transfer t = delayedAndDue(user, "s2");
    crashAfterClaim(t);
    system
        .simulator()
        .deposit(new BankDeposit(t.id(), t.bankCode(), t.accountNumber(), t.amount()));

    clock.advance(Duration.ofMinutes(6));
    system.sweeper().sweepOnce();

    assertThat(status(user, t)).isEqualTo(TransferStatus.COMPLETED);
    assertThat(system.simulator().calls(t.id())).isEqualTo(1);
    // The dead worker's late write names the version it claimed, so it changes nothing.
    assertThat(
            db.jdbc()
                .update(
                    "UPDATE tr_transfer SET status = 'FAILED' WHERE id = ? AND status = 'PROCESSING'"
                        + " AND version = ?",
                    t.id(),
                    t.version() + 1))
        .isZero();
  }

  @Test
  void fiftyParallelRequestsNeverOverdrawOneWallet() throws Exception {
    long user = newUser();
    system.wallets().credit(user, 10_000);
    ConcurrentLinkedQueue<Reason> refused = new ConcurrentLinkedQueue<>();

    List<Long> completed =
        runConcurrently(
            50,
            i -> {
              try {
                return system
                    .transfers()
                    .submit(user, "p" + i, request(OPEN_BANK, 1_000))
                    .transfer()
                    .amount();
              } catch (TransferRejectedException e) {
                refused.add(e.reason());
                return 0L;
              }
            });

    assertThat(completed.stream().mapToLong(Long::longValue).sum()).isEqualTo(10_000);
    assertThat(refused).hasSize(40).containsOnly(Reason.INSUFFICIENT_BALANCE);
    assertThat(system.wallets().balance(user)).isZero();
    assertThat(system.transfers().list(user, TransferStatus.COMPLETED)).hasSize(10);
  }

  @Test
  void cancelRacingDispatchEndsEachTransferExactlyOneWay() throws Exception {
    long user = newUser();
    system.wallets().credit(user, 1_000_000);
    Instant end = NOON_SEOUL.plus(Duration.ofMinutes(5));
    maintenance(MAINTENANCE_BANK, NOON_SEOUL, end);
    List<Transfer> delayed = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      delayed.add(
          system.transfers().submit(user, "r" + i, request(MAINTENANCE_BANK, 100 + i)).transfer());
    }
    clock.set(end);

    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<?> dispatch =
        pool.submit(
            () -> {
              go.await();
              return system.dispatcher().dispatchOnce();
            });
    Future<?> cancels =
        pool.submit(
            () -> {
              go.await();
              for (int i = delayed.size() - 1; i >= 0; i--) {
                Transfer t = delayed.get(i);
                try {
                  system.transfers().cancel(user, t.id());
                } catch (TransferRejectedException e) {
                  assertThat(e.reason()).isEqualTo(Reason.WRONG_STATE);
                }
              }
              return null;
            });
    go.countDown();
    dispatch.get();
    cancels.get();
    pool.shutdown();

    long spent = 0;
    for (Transfer t : delayed) {
      TransferStatus s = status(user, t);
      assertThat(s).isIn(TransferStatus.COMPLETED, TransferStatus.CANCELED);
      assertThat(system.simulator().calls(t.id()))
          .as("deposits of %s in %s", t.id(), s)
          .isEqualTo(s == TransferStatus.COMPLETED ? 1 : 0);
      spent += s == TransferStatus.COMPLETED ? t.amount() : 0;
    }
    assertThat(system.wallets().balance(user)).isEqualTo(1_000_000 - spent);
  }

  @Test
  void dispatchModeSwitchIsStored() {
    DispatchMode before = system.modes().mode();
    system.modes().set(DispatchMode.KAFKA);
    assertThat(system.modes().mode()).isEqualTo(DispatchMode.KAFKA);
    system.modes().set(DispatchMode.DIRECT);
    assertThat(system.modes().mode()).isEqualTo(DispatchMode.DIRECT);
    system.modes().set(before);
  }

  private Transfer delayedAndDue(long user, String key) {
    Instant end = NOON_SEOUL.plus(Duration.ofMinutes(10));
    maintenance(MAINTENANCE_BANK, NOON_SEOUL, end);
    Transfer t = system.transfers().submit(user, key, request(MAINTENANCE_BANK, 1_000)).transfer();
    clock.set(end);
    return t;
  }

  /** A worker claims the transfer the way the executor does, then dies. */
  private void crashAfterClaim(Transfer t) {
    assertThat(
            db.jdbc()
                .update(
                    "UPDATE tr_transfer SET status = 'PROCESSING', version = version + 1,"
                        + " processing_at = ? WHERE id = ? AND status = 'DELAYED' AND version = ?",
                    clock.millis(),
                    t.id(),
                    t.version()))
        .isEqualTo(1);
  }

  private TransferStatus status(long user, Transfer t) {
    return system.transfers().get(user, t.id()).orElseThrow().status();
  }

  private static void assertWrongState(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_STATE));
  }

  interface IndexedCall<T> {
    T call(int i) throws Exception;
  }

  static <T> List<T> runConcurrently(int n, IndexedCall<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return call.call(index);
                }));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
