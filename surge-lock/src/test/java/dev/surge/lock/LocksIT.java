package dev.surge.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** The lock API against the machine's Redis: outcomes, release, re-entry, guards, metrics. */
class LocksIT {

  private static final LockOptions NO_WAIT = LockOptions.custom().waitTime(Duration.ZERO).build();

  private static RedissonClient client;
  private static RedissonClient otherClient;

  private final String run = TestRedis.runId();
  private SimpleMeterRegistry meters;
  private Locks locks;
  // A second process's view: another Redisson client, so another lock owner.
  private Locks other;
  private ExecutorService pool;

  @BeforeAll
  static void connect() {
    client = TestRedis.client();
    otherClient = TestRedis.client();
  }

  @AfterAll
  static void disconnect() {
    client.shutdown();
    otherClient.shutdown();
  }

  @BeforeEach
  void setUp() {
    meters = new SimpleMeterRegistry();
    locks = Locks.builder(client).meterRegistry(meters).build();
    other = Locks.builder(otherClient).build();
    pool = Executors.newCachedThreadPool();
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  private LockKey key(String id) {
    return LockKey.of("wallet", run + ":" + id);
  }

  private boolean lockedInRedis(LockKey key) {
    return client.getLock(key.redisKey()).isLocked();
  }

  @Test
  void runsTheBodyUnderTheLockAndReleasesIt() {
    LockKey key = key("a");

    String value =
        locks.withLock(
            key,
            () -> {
              assertThat(lockedInRedis(key)).isTrue();
              assertThat(other.tryWithLock(key, NO_WAIT, () -> "other ran").isAcquired()).isFalse();
              return "debited";
            });

    assertThat(value).isEqualTo("debited");
    assertThat(lockedInRedis(key)).isFalse();
    assertThat(other.tryWithLock(key, NO_WAIT, () -> "other ran").value()).isEqualTo("other ran");
  }

  @Test
  void runnableFormRunsTheBody() {
    AtomicInteger runs = new AtomicInteger();

    locks.withLock(key("r"), runs::incrementAndGet);
    locks.withLock(key("r"), NO_WAIT, (Runnable) runs::incrementAndGet);

    assertThat(runs).hasValue(2);
  }

  @Test
  void aThrowingBodyPropagatesItsExceptionAndReleases() {
    LockKey key = key("b");
    IllegalStateException failure = new IllegalStateException("insufficient funds");

    assertThatThrownBy(
            () ->
                locks.withLock(
                    key,
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);
    assertThat(lockedInRedis(key)).isFalse();
  }

  @Test
  void busyForTheWholeWaitTimeThrowsNotAcquiredAndSkipsTheBody() {
    AtomicBoolean ran = new AtomicBoolean();
    for (Locks holder : List.of(other, locks)) {
      LockKey key = key(holder == locks ? "c-here" : "c-elsewhere");
      HeldLock held = holder.acquire(key, NO_WAIT);
      try {
        LockOptions shortWait = LockOptions.custom().waitTime(Duration.ofMillis(200)).build();
        assertThatThrownBy(() -> locks.withLock(key, shortWait, () -> ran.set(true)))
            .isInstanceOfSatisfying(
                LockNotAcquiredException.class, e -> assertThat(e.key()).isEqualTo(key))
            .hasMessageContaining(key.toString());
        assertThatThrownBy(() -> locks.withLock(key, NO_WAIT, () -> ran.set(true)))
            .isInstanceOf(LockNotAcquiredException.class);
      } finally {
        held.release();
      }
    }
    assertThat(ran).isFalse();
  }

  @Test
  void waitsForAHolderThatReleasesWithinTheWaitTime() throws Exception {
    // Held elsewhere the waiter waits in Redis; held by the same Locks it queues locally first.
    for (Locks holder : List.of(other, locks)) {
      LockKey key = key(holder == locks ? "d-here" : "d-elsewhere");
      HeldLock held = holder.acquire(key, NO_WAIT);
      CountDownLatch waiting = new CountDownLatch(1);
      Future<String> waiter =
          pool.submit(
              () -> {
                waiting.countDown();
                return locks.withLock(
                    key,
                    LockOptions.custom().waitTime(Duration.ofSeconds(10)).build(),
                    () -> "got");
              });
      waiting.await();
      Thread.sleep(100);
      assertThat(waiter.isDone()).isFalse();

      held.release();

      assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("got");
    }
  }

  @Test
  void aWaiterTakesTheLockWhenTheHoldersFixedLeaseRunsOutUnreleased() throws Exception {
    // No release is published when a lease runs out: the waiter must notice the expiry itself.
    LockOptions patient = LockOptions.custom().waitTime(Duration.ofSeconds(20)).build();
    LockOptions shortLease =
        LockOptions.custom().waitTime(Duration.ZERO).lease(Duration.ofMillis(300)).build();
    for (Locks holder : List.of(other, locks)) {
      LockKey key = key(holder == locks ? "expired-here" : "expired-elsewhere");
      HeldLock held = holder.acquire(key, shortLease);
      try {
        Future<String> waiter = pool.submit(() -> locks.withLock(key, patient, () -> "got"));
        // Well before the waiter's own wait time ends, which would end the wait anyway.
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("got");
      } finally {
        held.release();
      }
    }
  }

  @Test
  void tryWithLockReturnsNotAcquiredWhenBusyAndTheValueOtherwise() {
    LockKey key = key("e");
    AtomicBoolean ran = new AtomicBoolean();
    HeldLock held = other.acquire(key, NO_WAIT);
    try {
      LockResult<Boolean> busy = locks.tryWithLock(key, NO_WAIT, () -> ran.getAndSet(true));
      assertThat(busy.isAcquired()).isFalse();
      assertThat(locks.tryWithLock(key, NO_WAIT, () -> ran.set(true)).isAcquired()).isFalse();
    } finally {
      held.release();
    }
    assertThat(ran).isFalse();

    assertThat(locks.tryWithLock(key, () -> 11).value()).isEqualTo(11);
    assertThat(locks.tryWithLock(key, () -> ran.set(true)).isAcquired()).isTrue();
    assertThat(ran).isTrue();
    assertThat(lockedInRedis(key)).isFalse();
  }

  @Test
  void nestedCallsOnTheSameKeyReEnter() {
    LockKey key = key("f");

    int value =
        locks.withLock(
            key,
            () ->
                locks.withLock(
                    key,
                    NO_WAIT,
                    () -> {
                      assertThat(lockedInRedis(key)).isTrue();
                      return 1;
                    }));

    assertThat(value).isEqualTo(1);
    assertThat(lockedInRedis(key)).isFalse();
  }

  @Test
  void innerReleaseKeepsTheOuterLockHeld() {
    LockKey key = key("g");

    locks.withLock(
        key,
        () -> {
          locks.withLock(key, NO_WAIT, () -> {});
          assertThat(lockedInRedis(key)).isTrue();
          assertThat(other.tryWithLock(key, NO_WAIT, () -> 1).isAcquired()).isFalse();
        });

    assertThat(lockedInRedis(key)).isFalse();
  }

  @Test
  void twoCallsOnOneThreadDoNotShareALock() {
    LockKey key = key("h");
    HeldLock first = locks.acquire(key, NO_WAIT);
    try {
      // Outside first.within, a second call is another owner, even on the same thread.
      assertThatThrownBy(() -> locks.acquire(key, NO_WAIT))
          .isInstanceOf(LockNotAcquiredException.class);
    } finally {
      first.release();
    }
  }

  @Test
  void assertHeldPassesOnlyInsideTheLockOfThatKey() throws Exception {
    LockKey key = key("i");
    LockKey otherKey = key("j");

    assertThatThrownBy(() -> locks.assertHeld(key))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(key.toString());
    AtomicReference<Throwable> fromOtherThread = new AtomicReference<>();
    locks.withLock(
        key,
        () -> {
          locks.assertHeld(key);
          assertThat(locks.isHeld(key)).isTrue();
          assertThat(locks.isHeld(otherKey)).isFalse();
          assertThat(other.isHeld(key)).as("another Locks instance").isFalse();
          assertThatThrownBy(() -> locks.assertHeld(otherKey))
              .isInstanceOf(IllegalStateException.class);
          try {
            CompletableFuture.runAsync(() -> locks.assertHeld(key), pool).join();
          } catch (RuntimeException e) {
            fromOtherThread.set(e.getCause());
          }
        });
    assertThat(fromOtherThread.get()).isInstanceOf(IllegalStateException.class);
    assertThat(locks.isHeld(key)).isFalse();
  }

  @Test
  void aHeldLockIsReleasedFromAnotherThreadExactlyOnce() throws Exception {
    LockKey key = key("k");
    HeldLock held = locks.acquire(key, NO_WAIT);
    assertThat(held.fencingToken()).isEmpty();
    assertThat(held.within(() -> locks.isHeld(key))).isTrue();

    pool.submit(held::release).get(10, TimeUnit.SECONDS);
    held.release();
    held.close();

    assertThat(lockedInRedis(key)).isFalse();
    assertThatThrownBy(() -> held.within(() -> 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already released");
    assertThat(meters.get(Locks.METRIC_HOLD).timer().count()).isEqualTo(1);
  }

  @Test
  void anInterruptedCallerThrowsWithTheFlagRestoredAndLeavesNoLockBehind() throws Exception {
    // Held elsewhere the caller is interrupted waiting in Redis, held here while queued locally.
    for (Locks holder : List.of(other, locks)) {
      LockKey key = key(holder == locks ? "l-here" : "l-elsewhere");
      HeldLock held = holder.acquire(key, NO_WAIT);
      AtomicBoolean ran = new AtomicBoolean();
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicBoolean flagAfter = new AtomicBoolean();
      Thread waiter =
          new Thread(
              () -> {
                try {
                  locks.withLock(
                      key,
                      LockOptions.custom().waitTime(Duration.ofSeconds(30)).build(),
                      () -> ran.set(true));
                } catch (Throwable t) {
                  thrown.set(t);
                }
                flagAfter.set(Thread.currentThread().isInterrupted());
              });
      waiter.start();
      Thread.sleep(300);
      waiter.interrupt();
      waiter.join(10_000);
      assertThat(waiter.isAlive()).isFalse();

      assertThat(thrown.get())
          .isInstanceOf(LockInterruptedException.class)
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(flagAfter).isTrue();
      assertThat(ran).isFalse();

      held.release();
      // The abandoned attempt may still be granted after the release; it must not keep the lock.
      assertThat(
              other.withLock(
                  key, LockOptions.custom().waitTime(Duration.ofSeconds(5)).build(), () -> "free"))
          .isEqualTo("free");
    }
  }

  @Test
  void anAlreadyInterruptedCallerDoesNotRunTheBody() {
    LockKey key = key("m");
    AtomicBoolean ran = new AtomicBoolean();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> locks.withLock(key, () -> ran.set(true)))
          .isInstanceOf(LockInterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(ran).isFalse();
    assertThat(locks.withLock(key, NO_WAIT, () -> "free")).isEqualTo("free");
  }

  @Test
  void anInterruptDuringTheBodyDoesNotSkipTheRelease() {
    LockKey key = key("n");

    locks.withLock(key, () -> Thread.currentThread().interrupt());

    assertThat(Thread.interrupted()).as("flag kept for the caller").isTrue();
    assertThat(lockedInRedis(key)).isFalse();
  }

  @Test
  void metricsAreTaggedByLockTypeNeverByTheRawKey() {
    LockKey key = key("o");
    locks.withLock(key, () -> {});
    locks.withLock(LockKey.of("transfer", run), () -> {});
    HeldLock held = other.acquire(key, NO_WAIT);
    try {
      assertThat(locks.tryWithLock(key, NO_WAIT, () -> 1).isAcquired()).isFalse();
    } finally {
      held.release();
    }

    assertThat(meters.get(Locks.METRIC_ACQUIRED).tag("type", "wallet").counter().count())
        .isEqualTo(1);
    assertThat(meters.get(Locks.METRIC_ACQUIRED).tag("type", "transfer").counter().count())
        .isEqualTo(1);
    assertThat(meters.get(Locks.METRIC_NOT_ACQUIRED).tag("type", "wallet").counter().count())
        .isEqualTo(1);
    assertThat(
            meters
                .get(Locks.METRIC_WAIT)
                .tags("type", "wallet", "outcome", "acquired")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            meters
                .get(Locks.METRIC_WAIT)
                .tags("type", "wallet", "outcome", "not_acquired")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(meters.get(Locks.METRIC_HOLD).tag("type", "wallet").timer().count()).isEqualTo(1);
    assertThat(meters.get(Locks.METRIC_UNAVAILABLE).tag("type", "wallet").counter().count())
        .isZero();
    List<String> tagValues = new ArrayList<>();
    for (Meter meter : meters.getMeters()) {
      assertThat(meter.getId().getName()).startsWith("surge.lock.");
      meter.getId().getTags().forEach(tag -> tagValues.add(tag.getKey() + "=" + tag.getValue()));
    }
    assertThat(tagValues)
        .allSatisfy(tag -> assertThat(tag).doesNotContain(run))
        .allMatch(tag -> tag.startsWith("type=") || tag.startsWith("outcome="));
  }

  @Test
  void aFixedLeaseThatRunsOutUnderTheBodyCountsAsLeaseLost() {
    LockKey key = key("p");
    LockOptions shortLease = LockOptions.custom().lease(Duration.ofMillis(150)).build();

    locks.withLock(
        key,
        shortLease,
        () -> {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (lockedInRedis(key) && System.nanoTime() < deadline) {
            Pauses.sleep(20);
          }
        });

    assertThat(meters.get(Locks.METRIC_LEASE_LOST).tag("type", "wallet").counter().count())
        .isEqualTo(1);
    assertThat(meters.get(Locks.METRIC_RELEASE_FAILED).tag("type", "wallet").counter().count())
        .isZero();
  }

  @Test
  void theDefaultLeaseIsRenewedWhileTheBodyRuns() {
    LockKey key = key("q");
    // A 1 s watchdog lease (renewed every ~333 ms) held by a body that runs well past it.
    RedissonClient shortWatchdog = TestRedis.client(TestRedis.ADDRESS, 1_000);
    try {
      Locks renewed = Locks.builder(shortWatchdog).meterRegistry(meters).build();
      renewed.withLock(
          key,
          () -> {
            Pauses.sleep(2_500);
            assertThat(lockedInRedis(key)).isTrue();
            assertThat(other.tryWithLock(key, NO_WAIT, () -> 1).isAcquired()).isFalse();
          });
    } finally {
      shortWatchdog.shutdown();
    }
    assertThat(lockedInRedis(key)).isFalse();
    assertThat(meters.get(Locks.METRIC_LEASE_LOST).tag("type", "wallet").counter().count())
        .isZero();
  }

  @Test
  void fencingTokensIncreaseWithEveryAcquisitionAcrossClients() {
    LockKey key = key("s");
    List<Long> tokens = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tokens.add(locks.withFencedLock(key, token -> token));
      tokens.add(other.withFencedLock(key, token -> token));
    }
    try (HeldLock held = locks.acquireFenced(key, NO_WAIT)) {
      tokens.add(held.fencingToken().orElseThrow());
      assertThat(held.within(() -> locks.isHeld(key))).isTrue();
    }

    assertThat(tokens).isSorted().doesNotHaveDuplicates().hasSize(7);
  }

  @Test
  void fencedAndPlainLocksOfOneKeyExcludeEachOther() {
    LockKey key = key("t");

    locks.withFencedLock(
        key,
        token -> {
          assertThat(other.tryWithLock(key, NO_WAIT, () -> 1).isAcquired()).isFalse();
          return null;
        });
    locks.withLock(
        key,
        () ->
            assertThatThrownBy(() -> other.withFencedLock(key, NO_WAIT, token -> token))
                .isInstanceOf(LockNotAcquiredException.class));
  }

  @Test
  void builderRejectsBadSettings() {
    assertThatThrownBy(() -> Locks.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("redisson client");
    Locks.Builder builder = Locks.builder(client);
    assertThatThrownBy(() -> builder.releaseTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("releaseTimeout must be at least 1 ms");
    assertThatThrownBy(() -> builder.clock(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.defaultOptions(null)).isInstanceOf(NullPointerException.class);
    LockOptions options = LockOptions.custom().waitTime(Duration.ofMillis(5)).build();
    assertThat(builder.defaultOptions(options).build().defaultOptions()).isEqualTo(options);
    assertThatThrownBy(() -> locks.withLock(null, () -> 1))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> locks.withLock(key("u"), (LockOptions) null, () -> 1))
        .isInstanceOf(NullPointerException.class);
  }
}
