package dev.surge.cache.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.surge.cache.Engines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The 1-second loop on the machine's RabbitMQ: one message circulates however many instances
 * consume, it survives a consumer restart, and a lost message is re-seeded once.
 */
class RabbitTickSourceIT {

  private static final Duration STALE = Duration.ofSeconds(3);

  private static RedissonClient redisson;
  private static ConnectionFactory amqp;

  private final String name = "surge-test-ticks-" + UUID.randomUUID();
  private final String redisPrefix = "test:ticks:" + UUID.randomUUID();
  private final List<RabbitTickSource> sources = new ArrayList<>();
  private final AtomicInteger heard = new AtomicInteger();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final AtomicInteger repeated = new AtomicInteger();

  @BeforeAll
  static void connect() {
    redisson = Engines.redisson();
    amqp = new ConnectionFactory();
    String[] rabbit = Engines.rabbitAddress().split(":");
    amqp.setHost(rabbit[0]);
    amqp.setPort(Integer.parseInt(rabbit[1]));
    amqp.setUsername("guest");
    amqp.setPassword("guest");
  }

  @AfterAll
  static void disconnect() {
    redisson.shutdown();
  }

  @AfterEach
  void cleanUp() throws Exception {
    sources.forEach(RabbitTickSource::close);
    try (Connection c = amqp.newConnection();
        Channel ch = c.createChannel()) {
      ch.queueDelete(name + ".work");
      ch.queueDelete(name + ".delay");
    }
    redisson.getKeys().deleteByPattern(redisPrefix + "*");
  }

  @Test
  void twoInstancesShareOneTickPerSecond() throws Exception {
    RabbitTickSource a = started();
    RabbitTickSource b = started();
    await().atMost(Duration.ofSeconds(10)).until(() -> total() >= 2);

    long before = total();
    Thread.sleep(5000);
    long ticks = total() - before;

    assertThat(ticks).as("ticks in 5 s").isBetween(3L, 6L);
    assertThat(a.reseeds() + b.reseeds()).as("seeds").isEqualTo(1);
    assertThat(repeated.get()).as("ticks delivered twice").isZero();
    await().atMost(Duration.ofSeconds(3)).until(() -> heard.get() >= total() - 1);
  }

  @Test
  void aConsumerRestartNeitherStopsNorDuplicatesTheLoop() throws Exception {
    RabbitTickSource a = started();
    RabbitTickSource b = started();
    await().atMost(Duration.ofSeconds(10)).until(() -> total() >= 2);

    a.close();
    long bAlone = b.ticks();
    await().atMost(Duration.ofSeconds(5)).until(() -> b.ticks() >= bAlone + 1);
    b.close();
    // Nobody consumes: the message moves past its delay and waits in the work queue.
    await().atMost(Duration.ofSeconds(5)).until(() -> waiting(a.workQueue()) == 1);
    RabbitTickSource a2 = started();
    RabbitTickSource b2 = started();
    await().atMost(Duration.ofSeconds(5)).until(() -> a2.ticks() + b2.ticks() >= 1);

    long before = total();
    Thread.sleep(5000);
    long ticks = total() - before;

    assertThat(ticks).as("ticks in 5 s after the restart").isBetween(3L, 6L);
    assertThat(reseeds()).as("no re-seed: the message survived").isEqualTo(1);
    assertThat(repeated.get()).isZero();
  }

  @Test
  void aLostMessageIsReseededOnceAndAStrayDuplicateDies() throws Exception {
    RabbitTickSource a = started();
    started();
    await().atMost(Duration.ofSeconds(10)).until(() -> total() >= 2);

    // Lose the message: purge until no tick arrives for well over an interval.
    try (Connection c = amqp.newConnection();
        Channel ch = c.createChannel()) {
      long quietSince = System.nanoTime();
      long last = total();
      while (System.nanoTime() - quietSince < 1_500_000_000L) {
        ch.queuePurge(a.delayQueue());
        ch.queuePurge(a.workQueue());
        Thread.sleep(50);
        if (total() != last) {
          last = total();
          quietSince = System.nanoTime();
        }
      }
    }
    long lostAt = total();
    await().atMost(STALE.plusSeconds(5)).until(() -> reseeds() == 2 && total() >= lostAt + 2);

    // A stray copy of the current message starts a second loop; the sequence check kills it.
    try (Connection c = amqp.newConnection();
        Channel ch = c.createChannel()) {
      RMap<String, String> state =
          redisson.getMap(redisPrefix + ":{" + name + "}", StringCodec.INSTANCE);
      String body = state.get("gen") + ":" + state.get("seq");
      ch.basicPublish("", a.delayQueue(), null, body.getBytes(StandardCharsets.UTF_8));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> dropped() >= 1);
    long before = total();
    Thread.sleep(5000);
    assertThat(total() - before).as("ticks in 5 s").isBetween(3L, 6L);
    assertThat(reseeds()).isEqualTo(2);
    assertThat(repeated.get()).isZero();
  }

  @Test
  void garbageMessagesAreDropped() throws Exception {
    RabbitTickSource a = started();
    await().atMost(Duration.ofSeconds(10)).until(() -> total() >= 1);
    try (Connection c = amqp.newConnection();
        Channel ch = c.createChannel()) {
      ch.basicPublish("", a.workQueue(), null, "not a tick".getBytes(StandardCharsets.UTF_8));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> a.dropped() == 1);
  }

  private RabbitTickSource started() {
    RabbitTickSource source =
        RabbitTickSource.builder(amqp, redisson, name)
            .redisPrefix(redisPrefix)
            .staleAfter(STALE)
            .watchdogInterval(Duration.ofMillis(500))
            .build();
    sources.add(source);
    source.start(
        tick -> {
          heard.incrementAndGet();
          if (!seen.add(tick.generation() + ":" + tick.sequence())) {
            repeated.incrementAndGet();
          }
        });
    return source;
  }

  private long waiting(String queue) throws Exception {
    try (Connection c = amqp.newConnection();
        Channel ch = c.createChannel()) {
      return ch.messageCount(queue);
    }
  }

  private long total() {
    return sources.stream().mapToLong(RabbitTickSource::ticks).sum();
  }

  private long reseeds() {
    return sources.stream().mapToLong(RabbitTickSource::reseeds).sum();
  }

  private long dropped() {
    return sources.stream().mapToLong(RabbitTickSource::dropped).sum();
  }
}
