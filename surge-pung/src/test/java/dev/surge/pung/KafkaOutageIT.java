package dev.surge.pung;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.surge.testkit.InProcessKafka;
import dev.surge.testkit.SettableClock;
import dev.surge.testkit.TcpProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Pungs posted while Kafka is unreachable (the relay's connection goes through a cut proxy) are
 * kept in the outbox and fanned out, none lost, once Kafka is reachable again.
 */
class KafkaOutageIT {

  @Test
  void postsDuringAnOutageAreRelayedAfterItEnds() throws Exception {
    String prefix = PungHarness.prefix();
    SettableClock clock = SettableClock.startingNow();
    RedissonClient redis = PungHarness.redis();
    InProcessKafka kafka = InProcessKafka.start();
    String topic = "pung-outage";
    kafka.createTopic(topic, 2);
    String[] broker = kafka.bootstrapServers().split(",")[0].split(":");
    FanoutConsumer consumer = null;
    try (TcpProxy proxy = TcpProxy.to(broker[0], Integer.parseInt(broker[1]));
        TestDatabases db = new TestDatabases(TestDatabases.Engine.H2)) {
      proxy.cut();
      KafkaProducer<String, byte[]> producer = PungHarness.producer(proxy.address());
      PungSystem system =
          PungHarness.system(db, db.shards, db.main, redis, prefix, producer, topic, clock).build();
      long author = PungHarness.userBase();
      long viewer = author + 1;
      system.friends().befriend(author, viewer);
      List<Long> posted = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        posted.add(0, system.pungs().post(author, "offline " + i, Audience.allFriends()).id());
      }

      assertThat(system.relay().runOnce()).isZero();
      JdbcTemplate main = new JdbcTemplate(db.main);
      assertThat(main.queryForObject("SELECT COUNT(*) FROM pung_outbox", Integer.class))
          .isEqualTo(3);
      assertThat(main.queryForObject("SELECT MAX(attempts) FROM pung_outbox", Integer.class))
          .isEqualTo(1);

      proxy.restore();
      consumer =
          FanoutConsumer.create(system, kafka.bootstrapServers(), "g-" + prefix, 2, Map.of(), null);
      consumer.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                clock.advance(Duration.ofMinutes(1));
                system.relay().runOnce();
                return main.queryForObject("SELECT COUNT(*) FROM pung_outbox", Integer.class) == 0;
              });
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(
                          ((FeedResult.Page) system.feed().read(viewer, null, 50, null))
                              .items().stream().map(FeedItem::id).toList())
                      .isEqualTo(posted));
      producer.close(Duration.ofSeconds(2));
    } finally {
      if (consumer != null) {
        consumer.close();
      }
      kafka.close();
      redis.getKeys().deleteByPattern(prefix + "*");
      redis.shutdown();
    }
  }
}
