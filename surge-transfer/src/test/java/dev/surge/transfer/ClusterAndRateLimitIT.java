package dev.surge.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.lock.Locks;
import dev.surge.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.redisson.api.RedissonClient;

/**
 * Two instances on one database and Redis dispatch each due transfer once; the per-bank rate limit
 * holds back the calls beyond its rate instead of passing them to the bank; the bank's own
 * maintenance and rejection answers delay or fail a transfer without spending retries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterAndRateLimitIT {

  static final Instant NOON_SEOUL = Instant.parse("2026-11-25T03:00:00Z");

  private TestDatabase db;
  private RedissonClient redisson;
  private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1000);

  @BeforeAll
  void start() {
    db = TestDatabase.create(TestDatabase.Engine.POSTGRES);
    redisson = TestRedis.client();
  }

  @AfterAll
  void stop() {
    redisson.shutdown();
    db.close();
  }

  private TransferSystem instance(SettableClock clock, TransferSettings settings) {
    return TransferSystem.builder(
            db.dataSource(), Locks.builder(redisson).build(), ids::incrementAndGet)
        .clock(clock)
        .calendarRefresh(Duration.ZERO)
        .initialMode(DispatchMode.DIRECT)
        .settings(settings)
        .build();
  }

  @Test
  void twoInstancesDispatchingAtOnceDepositEachTransferOnce() throws Exception {
    SettableClock clock = new SettableClock(NOON_SEOUL);
    TransferSystem a = instance(clock, TransferSettings.DEFAULTS);
    TransferSystem b = instance(clock, TransferSettings.DEFAULTS);
    a.modes().set(DispatchMode.DIRECT);
    a.simulator().configure(Duration.ofMillis(2), 0.0);
    b.simulator().configure(Duration.ofMillis(2), 0.0);
    Instant end = NOON_SEOUL.plus(Duration.ofMinutes(30));
    a.calendar()
        .replaceMaintenance("088", List.of(), List.of(new MaintenanceWindow(NOON_SEOUL, end)));
    long user = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    a.wallets().credit(user, 1_000_000);
    List<Transfer> delayed = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      TransferSystem via = i % 2 == 0 ? a : b;
      delayed.add(
          via.transfers()
              .submit(user, "c" + i, new TransferRequest("088", "1-2", 100, null))
              .transfer());
    }
    clock.set(end);

    List<DispatchReport> reports =
        TransferFlowContract.runConcurrently(
            4, i -> (i % 2 == 0 ? a : b).dispatcher().dispatchOnce());

    assertThat(reports.stream().mapToInt(DispatchReport::dispatched).sum()).isEqualTo(100);
    for (Transfer t : delayed) {
      assertThat(a.transfers().get(user, t.id()).orElseThrow().status())
          .isEqualTo(TransferStatus.COMPLETED);
      assertThat(a.simulator().calls(t.id())).isEqualTo(1);
    }
    assertThat(a.wallets().balance(user)).isEqualTo(1_000_000 - 100 * 100);
  }

  @Test
  void theBankRateLimitHoldsBackCallsBeyondItsRate() {
    SettableClock clock = new SettableClock(NOON_SEOUL);
    TransferSystem system =
        instance(
            clock,
            TransferSettings.custom()
                .bankPermitsPerSecond(1)
                .bankPermitWait(Duration.ZERO)
                .build());
    system.simulator().configure(Duration.ZERO, 0.0);
    system.calendar().replaceMaintenance("020", List.of(), List.of());
    long user = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    system.wallets().credit(user, 1_000_000);

    long start = System.nanoTime();
    List<Transfer> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      results.add(
          system
              .transfers()
              .submit(user, "r" + i, new TransferRequest("020", "1-2", 10, null))
              .transfer());
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;

    long completed = results.stream().filter(t -> t.status() == TransferStatus.COMPLETED).count();
    List<Transfer> heldBack =
        results.stream().filter(t -> t.status() == TransferStatus.DELAYED).toList();
    assertThat(completed).isBetween(1L, 2 + seconds);
    assertThat(heldBack).hasSize(10 - (int) completed);
    assertThat(heldBack).allSatisfy(t -> assertThat(t.scheduledAt()).isEqualTo(NOON_SEOUL));
    assertThat(system.wallets().balance(user)).isEqualTo(1_000_000 - 100);
    // The consumers' path reports the refusal instead, so the record is retried in order.
    while (system.rateLimits().acquire("020")) {
      // Drain the current period's permits.
    }
    assertThatThrownBy(() -> system.executor().execute(heldBack.get(0).id(), ExecutionPath.KAFKA))
        .isInstanceOf(BankBusyException.class);
    assertThat(system.transfers().get(user, heldBack.get(0).id()).orElseThrow().status())
        .isEqualTo(TransferStatus.DELAYED);
  }

  @Test
  void theBanksOwnAnswersDelayOrFailWithoutSpendingRetries() throws Exception {
    SettableClock clock = new SettableClock(NOON_SEOUL);
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<BankException.Kind> answer =
        new java.util.concurrent.atomic.AtomicReference<>(BankException.Kind.MAINTENANCE);
    TransferSystem[] holder = new TransferSystem[1];
    BankGateway scripted =
        new BankGateway() {
          @Override
          public BankReceipt deposit(BankDeposit deposit) throws BankException {
            calls.incrementAndGet();
            BankException.Kind kind = answer.get();
            if (kind != null) {
              throw new BankException(kind, "scripted " + kind);
            }
            return holder[0].simulator().deposit(deposit);
          }

          @Override
          public java.util.Optional<BankReceipt> find(String bankCode, long transferId) {
            return holder[0].simulator().find(bankCode, transferId);
          }
        };
    TransferSystem system =
        TransferSystem.builder(
                db.dataSource(), Locks.builder(redisson).build(), ids::incrementAndGet)
            .clock(clock)
            .gateway(scripted)
            .initialMode(DispatchMode.DIRECT)
            .settings(TransferSettings.custom().backoff(Duration.ZERO, Duration.ZERO).build())
            .build();
    holder[0] = system;
    system.modes().set(DispatchMode.DIRECT);
    system.simulator().configure(Duration.ZERO, 0.0);
    system.calendar().replaceMaintenance("081", List.of(), List.of());
    long user = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    system.wallets().credit(user, 10_000);

    Transfer delayed =
        system
            .transfers()
            .submit(user, "m", new TransferRequest("081", "1", 1_000, null))
            .transfer();

    assertThat(delayed.status()).isEqualTo(TransferStatus.DELAYED);
    assertThat(delayed.scheduledAt())
        .isEqualTo(NOON_SEOUL.plus(TransferExecutor.UNKNOWN_WINDOW_RETRY));
    assertThat(calls.get()).isEqualTo(1);
    answer.set(null);
    clock.advance(TransferExecutor.UNKNOWN_WINDOW_RETRY);
    system.dispatcher().dispatchOnce();
    assertThat(system.transfers().get(user, delayed.id()).orElseThrow().status())
        .isEqualTo(TransferStatus.COMPLETED);

    answer.set(BankException.Kind.REJECTED);
    calls.set(0);
    Transfer rejected =
        system.transfers().submit(user, "r", new TransferRequest("081", "1", 500, null)).transfer();
    assertThat(rejected.status()).isEqualTo(TransferStatus.FAILED);
    assertThat(rejected.failureReason()).startsWith("BANK_REJECTED");
    assertThat(calls.get()).as("a rejection is final: no retries").isEqualTo(1);
    assertThat(system.wallets().balance(user)).isEqualTo(9_000);
  }
}
