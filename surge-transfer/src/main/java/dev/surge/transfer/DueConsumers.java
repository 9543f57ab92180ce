package dev.surge.transfer;

import dev.surge.kafka.KeyOrderedProcessor;
import dev.surge.kafka.Ordering;
import dev.surge.kafka.RetryPolicy;
import java.time.Duration;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumers of the due-transfer topic: a {@link KeyOrderedProcessor} keyed by user id, so each
 * user's transfers execute in order while different users run in parallel, and offsets are
 * committed only after execution. Redelivery is harmless: an execution of a transfer that is no
 * longer DELAYED, or whose claim another worker won, changes nothing.
 */
public final class DueConsumers {

  /** The consumer group of transfer executors. */
  public static final String DEFAULT_GROUP = "surge-transfer-executor";

  /** Handler threads per instance; bank calls are I/O-bound, so well above the core count. */
  public static final int DEFAULT_CONCURRENCY = 32;

  /**
   * Retries of a transfer whose bank gave no permit: its user's later transfers wait behind it, so
   * order is kept while the bank's limit paces the backlog.
   */
  public static final RetryPolicy DEFAULT_RETRY =
      RetryPolicy.exponential(10, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5));

  private DueConsumers() {}

  /**
   * A processor builder that executes each due transfer of {@code topic}; add the bootstrap
   * servers, group and any tuning, then build and start it.
   */
  public static KeyOrderedProcessor.Builder<String, String> processor(
      TransferExecutor executor, String topic) {
    return KeyOrderedProcessor.builder(new StringDeserializer(), new StringDeserializer())
        .name("transfer-due")
        .topics(topic)
        .groupId(DEFAULT_GROUP)
        .ordering(Ordering.KEY)
        .concurrency(DEFAULT_CONCURRENCY)
        .retryPolicy(DEFAULT_RETRY)
        .handler(record -> executor.execute(Long.parseLong(record.value()), ExecutionPath.KAFKA));
  }
}
