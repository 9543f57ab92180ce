package dev.surge.app.transfer;

import dev.surge.app.ids.TimeOrderedIds;
import dev.surge.kafka.KeyOrderedProcessor;
import dev.surge.lock.Locks;
import dev.surge.transfer.DueConsumers;
import dev.surge.transfer.KafkaDuePublisher;
import dev.surge.transfer.TransferSystem;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires the delayed-transfer service: the {@link TransferSystem} on the main database, its Kafka
 * publisher and due-transfer consumers, and the periodic dispatch and sweep.
 */
@Configuration(proxyBeanMethods = false)
public class TransferConfiguration {

  @Bean(destroyMethod = "close")
  KafkaProducer<String, String> transferProducer(KafkaConnectionDetails kafka) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "surge-transfer-dispatch");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // One request in flight keeps each partition's order; the idempotent producer is off because
    // it meets spurious sequence errors on fresh topics of the embedded broker.
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  @Bean
  NewTopic transferDueTopic(TransferProperties properties) {
    return TopicBuilder.name(properties.topic()).partitions(properties.partitions()).build();
  }

  @Bean
  TransferSystem transferSystem(
      DataSource dataSource,
      PlatformTransactionManager transactions,
      Locks locks,
      TimeOrderedIds ids,
      Clock clock,
      MeterRegistry meters,
      TransferProperties properties,
      KafkaProducer<String, String> transferProducer) {
    TransferSystem system =
        TransferSystem.builder(dataSource, locks, ids)
            .transactionManager(transactions)
            .clock(clock)
            .meterRegistry(meters)
            .settings(properties.settings())
            .initialMode(properties.initialMode())
            .publisher(new KafkaDuePublisher(transferProducer, properties.topic()))
            .build();
    system.simulator().configure(properties.simulatorLatency(), properties.simulatorFailureRate());
    return system;
  }

  @Bean
  @ConditionalOnProperty(
      name = "surge.transfer.consumer-enabled",
      havingValue = "true",
      matchIfMissing = true)
  DueConsumerLifecycle dueConsumer(
      TransferSystem system,
      TransferProperties properties,
      KafkaConnectionDetails kafka,
      MeterRegistry meters,
      Clock clock) {
    KeyOrderedProcessor<String, String> processor =
        DueConsumers.processor(system.executor(), properties.topic())
            .bootstrapServers(String.join(",", kafka.getBootstrapServers()))
            .concurrency(properties.consumerConcurrency())
            .meterRegistry(meters)
            .clock(clock)
            .build();
    return new DueConsumerLifecycle(processor);
  }

  @Bean
  TransferJobs transferJobs(TransferSystem system, TransferProperties properties) {
    return new TransferJobs(
        system.dispatcher(),
        system.sweeper(),
        properties.dispatchInterval(),
        properties.sweepInterval());
  }
}
