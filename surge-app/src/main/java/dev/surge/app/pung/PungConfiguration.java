package dev.surge.app.pung;

import dev.surge.app.ids.TimeOrderedIds;
import dev.surge.app.infra.ShardDataSources;
import dev.surge.lock.Locks;
import dev.surge.pung.FanoutConsumer;
import dev.surge.pung.PungSystem;
import dev.surge.pung.ShardMap;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.redisson.api.RedissonClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/** Wires the pung feed: its system over the main database and inbox shards, and its workers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PungProperties.class)
public class PungConfiguration {

  /** The relay's producer: bounded blocking so a Kafka outage fails a send instead of hanging. */
  @Bean(destroyMethod = "close")
  Producer<String, byte[]> pungProducer(KafkaConnectionDetails kafka) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(kafka));
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "pung-relay");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    // Fan-out is idempotent and order-free, so the idempotent producer buys nothing here.
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  @Bean
  PungSystem pungSystem(
      PungProperties properties,
      DataSource dataSource,
      ShardDataSources shards,
      RedissonClient redisson,
      Producer<String, byte[]> pungProducer,
      TimeOrderedIds ids,
      Clock clock,
      Locks locks,
      MeterRegistry meters) {
    ShardMap map =
        StringUtils.hasText(properties.bucketMap())
            ? ShardMap.parse(properties.bucketMap(), properties.buckets(), shards.count())
            : ShardMap.evenly(properties.buckets(), shards.count());
    return PungSystem.builder()
        .mainDatabase(dataSource)
        .shards(shards.all())
        .shardMap(map)
        .redisson(redisson)
        .producer(pungProducer)
        .ids(ids)
        .clock(clock)
        .ttl(properties.ttl())
        .readModel(properties.readModel())
        .topic(properties.topic())
        .keyPrefix(properties.keyPrefix())
        .chunkSize(properties.chunkSize())
        .relayInterval(properties.relayInterval())
        .locks(locks)
        .meterRegistry(meters)
        .build();
  }

  @Bean
  PungWorkers pungWorkers(
      PungSystem system,
      PungProperties properties,
      KafkaConnectionDetails kafka,
      MeterRegistry meters) {
    FanoutConsumer consumer =
        FanoutConsumer.create(
            system,
            bootstrap(kafka),
            FanoutConsumer.DEFAULT_GROUP,
            properties.fanoutConcurrency(),
            Map.of(),
            meters);
    return new PungWorkers(system, consumer, properties.purgeInterval());
  }

  private static String bootstrap(KafkaConnectionDetails kafka) {
    return String.join(",", kafka.getBootstrapServers());
  }
}
