package dev.surge.pung;

import dev.surge.testkit.SettableClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** Shared wiring of the pung ITs: databases, Redis with a run-unique prefix, Kafka clients. */
final class PungHarness {

  static final String REDIS = System.getProperty("surge.test.redis", "127.0.0.1:6379");
  static final Duration TTL = Duration.ofHours(24);

  private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() << 22);

  private PungHarness() {}

  static RedissonClient redis() {
    Config config = new Config();
    config
        .useSingleServer()
        .setAddress("redis://" + REDIS)
        .setConnectionPoolSize(16)
        .setConnectionMinimumIdleSize(2);
    return Redisson.create(config);
  }

  static String prefix() {
    return "pung-it:" + UUID.randomUUID().toString().substring(0, 12) + ":";
  }

  /** Unique, increasing ids (stand-in for the app's time-ordered ids). */
  static long nextId() {
    return IDS.incrementAndGet();
  }

  /** A block of user ids no other test uses. */
  static long userBase() {
    return ThreadLocalRandom.current().nextLong(1, 1L << 40) * 100_000L;
  }

  static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  static PungSystem.Builder system(
      TestDatabases db,
      List<DataSource> shards,
      DataSource main,
      RedissonClient redis,
      String prefix,
      Producer<String, byte[]> producer,
      String topic,
      SettableClock clock) {
    return PungSystem.builder()
        .mainDatabase(main)
        .shards(shards)
        .redisson(redis)
        .keyPrefix(prefix)
        .producer(producer)
        .topic(topic)
        .ids(PungHarness::nextId)
        .clock(clock)
        .ttl(TTL)
        .relayInterval(Duration.ofMillis(20));
  }

  /** Data sources that count every connection handed out, to prove a path touches no database. */
  static final class Counting {
    final AtomicInteger connections = new AtomicInteger();
    private final Map<Thread, AtomicInteger> byThread =
        new java.util.concurrent.ConcurrentHashMap<>();

    /** Connections taken by the calling thread (background relay and consumers excluded). */
    int mine() {
      return byThread.computeIfAbsent(Thread.currentThread(), t -> new AtomicInteger()).get();
    }

    DataSource wrap(DataSource target) {
      return (DataSource)
          Proxy.newProxyInstance(
              DataSource.class.getClassLoader(),
              new Class<?>[] {DataSource.class},
              (proxy, method, args) -> {
                if (method.getName().equals("getConnection")) {
                  connections.incrementAndGet();
                  byThread
                      .computeIfAbsent(Thread.currentThread(), t -> new AtomicInteger())
                      .incrementAndGet();
                }
                try {
                  return method.invoke(target, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    List<DataSource> wrapAll(List<DataSource> targets) {
      List<DataSource> wrapped = new ArrayList<>();
      targets.forEach(t -> wrapped.add(wrap(t)));
      return wrapped;
    }
  }
}
