package dev.surge.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.testkit.TcpProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * Redis taken away through a TCP proxy (the shared Redis keeps running): calls fail with {@link
 * LockUnavailableException} within the wait time plus the store timeout, and no body runs.
 */
class OutageIT {

  private static final Duration WAIT = Duration.ofSeconds(1);
  private static final LockOptions OPTIONS = LockOptions.custom().waitTime(WAIT).build();
  // Scheduling slack on a shared 2-core machine; Redisson alone takes seconds more (see docs).
  private static final long SLACK_MILLIS = 400;

  private final String run = TestRedis.runId();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TcpProxy proxy;
  private RedissonClient client;
  private RedissonClient direct;
  private Locks locks;

  @BeforeEach
  void setUp() {
    proxy = TcpProxy.to("127.0.0.1", 6379);
    client = TestRedis.client(proxy.address());
    direct = TestRedis.client();
    locks = Locks.builder(client).meterRegistry(meters).build();
  }

  @AfterEach
  void tearDown() {
    proxy.restore();
    client.shutdown();
    direct.shutdown();
    proxy.close();
  }

  private LockKey key(String id) {
    return LockKey.of("wallet", run + ":" + id);
  }

  @Test
  void aCutLinkFailsWithinTheWaitTimePlusTheStoreTimeout() {
    assertThat(locks.withLock(key("warm"), OPTIONS, () -> "up")).isEqualTo("up");
    proxy.cut();

    assertUnavailableInBoundedTime(key("a"), OPTIONS);
    assertUnavailableInBoundedTime(
        key("a"), LockOptions.from(OPTIONS).waitTime(Duration.ZERO).build());

    assertThat(meters.get(Locks.METRIC_UNAVAILABLE).tag("type", "wallet").counter().count())
        .isEqualTo(2);
  }

  @Test
  void aBlackholedLinkFailsWithinTheWaitTimePlusTheStoreTimeout() {
    assertThat(locks.withLock(key("warm"), OPTIONS, () -> "up")).isEqualTo("up");
    proxy.blackhole();

    assertUnavailableInBoundedTime(key("b"), OPTIONS);
    assertUnavailableInBoundedTime(key("b"), OPTIONS);
    assertThat(
            meters
                .get(Locks.METRIC_WAIT)
                .tags("type", "wallet", "outcome", "unavailable")
                .timer()
                .count())
        .isEqualTo(2);
  }

  @Test
  void tryWithLockAlsoThrowsWhenTheStoreIsDown() {
    proxy.cut();
    AtomicBoolean ran = new AtomicBoolean();

    assertThatThrownBy(() -> locks.tryWithLock(key("c"), OPTIONS, () -> ran.getAndSet(true)))
        .isInstanceOf(LockUnavailableException.class);
    assertThat(ran).isFalse();
  }

  @Test
  void afterRestoreLocksWorkAgainAndNoAbandonedAttemptHoldsTheLock() {
    proxy.blackhole();
    assertUnavailableInBoundedTime(key("d"), OPTIONS);
    proxy.restore();

    Locks directLocks = Locks.builder(direct).build();
    LockOptions patient = LockOptions.custom().waitTime(Duration.ofSeconds(15)).build();
    assertThat(directLocks.withLock(key("d"), patient, () -> "free")).isEqualTo("free");
    assertThat(locks.withLock(key("d"), patient, () -> "again")).isEqualTo("again");
  }

  @Test
  void aReleaseThatGetsNoAnswerReturnsAndIsCounted() {
    Locks quickRelease =
        Locks.builder(client).meterRegistry(meters).releaseTimeout(Duration.ofMillis(300)).build();
    HeldLock held = quickRelease.acquire(key("e"), OPTIONS);
    proxy.blackhole();

    long start = System.nanoTime();
    held.release();
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(millis).isLessThan(300 + SLACK_MILLIS);
    assertThat(meters.get(Locks.METRIC_RELEASE_FAILED).tag("type", "wallet").counter().count())
        .isEqualTo(1);
    proxy.restore();
    direct.getLock(key("e").redisKey()).forceUnlock();
  }

  private void assertUnavailableInBoundedTime(LockKey key, LockOptions options) {
    AtomicBoolean ran = new AtomicBoolean();
    long start = System.nanoTime();
    assertThatThrownBy(() -> locks.withLock(key, options, () -> ran.set(true)))
        .isInstanceOfSatisfying(
            LockUnavailableException.class, e -> assertThat(e.key()).isEqualTo(key));
    long millis = (System.nanoTime() - start) / 1_000_000;
    long bound = options.waitTime().toMillis() + options.storeTimeout().toMillis() + SLACK_MILLIS;
    assertThat(millis).as("failure latency, ms").isLessThan(bound);
    assertThat(ran).as("body ran").isFalse();
  }
}
