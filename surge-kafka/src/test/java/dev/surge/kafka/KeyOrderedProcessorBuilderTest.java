package dev.surge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class KeyOrderedProcessorBuilderTest {

  private static KeyOrderedProcessor.Builder<String, String> valid() {
    return KeyOrderedProcessor.builder(new StringDeserializer(), new StringDeserializer())
        .bootstrapServers("localhost:1")
        .groupId("g")
        .topics("t")
        .handler(record -> {});
  }

  @Test
  void rejectsBadSingleSettingsAtOnce() {
    assertThatThrownBy(() -> valid().concurrency(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concurrency");
    assertThatThrownBy(() -> valid().concurrency(KeyOrderedProcessor.MAX_CONCURRENCY + 1))
        .hasMessageContaining("concurrency");
    assertThatThrownBy(() -> valid().maxInFlight(0)).hasMessageContaining("maxInFlight");
    assertThatThrownBy(() -> valid().pollBatchSize(0)).hasMessageContaining("pollBatchSize");
    assertThatThrownBy(() -> valid().maxKeyBatch(0)).hasMessageContaining("maxKeyBatch");
    assertThatThrownBy(() -> valid().pollTimeout(Duration.ZERO))
        .hasMessageContaining("pollTimeout");
    assertThatThrownBy(() -> valid().name(" ")).hasMessageContaining("name");
    assertThatThrownBy(() -> valid().topics("")).hasMessageContaining("topic");
  }

  @Test
  void rejectsConsumerPropertiesTheProcessorOwns() {
    assertThatThrownBy(() -> valid().consumerProperty("enable.auto.commit", "true"))
        .hasMessageContaining("enable.auto.commit");
    assertThatThrownBy(() -> valid().consumerProperty("max.poll.records", 10))
        .hasMessageContaining("pollBatchSize");
    assertThatThrownBy(() -> valid().consumerProperty("key.deserializer", "x"))
        .hasMessageContaining("deserializers");
    valid().consumerProperty("enable.auto.commit", "false");
  }

  @Test
  void rejectsInconsistentSettingsOnBuild() {
    assertThatThrownBy(() -> valid().batchHandler(records -> {}).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(
            () ->
                KeyOrderedProcessor.builder(new StringDeserializer(), new StringDeserializer())
                    .bootstrapServers("localhost:1")
                    .groupId("g")
                    .topics("t")
                    .build())
        .hasMessageContaining("handler");
    assertThatThrownBy(() -> valid().maxInFlight(10).pollBatchSize(20).build())
        .hasMessageContaining("pollBatchSize (20) must not exceed maxInFlight (10)");
    assertThatThrownBy(
            () ->
                valid()
                    .revokeTimeout(Duration.ofMinutes(10))
                    .consumerProperty("max.poll.interval.ms", 60_000)
                    .build())
        .hasMessageContaining("revokeTimeout");
    assertThatThrownBy(() -> valid().deadLetterTopic(topic -> topic).build())
        .hasMessageContaining("dead-letter topic");
    assertThatThrownBy(() -> valid().consumerProperty("group.id", "other").build())
        .hasMessageContaining("disagrees");
    assertThatThrownBy(
            () ->
                KeyOrderedProcessor.builder(new StringDeserializer(), new StringDeserializer())
                    .groupId("g")
                    .topics("t")
                    .handler(r -> {})
                    .build())
        .hasMessageContaining("bootstrapServers is required");
  }

  @Test
  void buildsWithDefaultsWithoutConnecting() {
    try (KeyOrderedProcessor<String, String> processor = valid().name("p").build()) {
      assertThat(processor.name()).isEqualTo("p");
      assertThat(processor.isRunning()).isFalse();
      assertThat(processor.inFlight()).isZero();
    }
  }
}
