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
 * holds back the calls beyond its rate instead of passing them to the bank.
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
}
