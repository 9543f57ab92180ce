package dev.surge.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes due transfers to a topic with the user id as key, so one user's transfers share a
 * partition and are consumed in order; the value is the transfer id.
 */
public final class KafkaDuePublisher implements DuePublisher {

  /** The topic of due transfers unless configured otherwise. */
  public static final String DEFAULT_TOPIC = "surge.transfer.due";

  private final Producer<String, String> producer;
  private final String topic;

  /** {@code producer} should use acks=all with idempotence, which keeps per-partition order. */
  public KafkaDuePublisher(Producer<String, String> producer, String topic) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  @Override
  public void publish(List<DueTransfer> due) throws Exception {
    List<Future<RecordMetadata>> sent = new ArrayList<>(due.size());
    for (DueTransfer d : due) {
      sent.add(
          producer.send(
              new ProducerRecord<>(topic, Long.toString(d.userId()), Long.toString(d.id()))));
    }
    producer.flush();
    for (Future<RecordMetadata> f : sent) {
      f.get();
    }
  }

  public String topic() {
    return topic;
  }
}
