package dev.surge.kafka.internal;

import static dev.surge.kafka.KeyOrderedProcessor.METRIC_DEAD_LETTERED;
import static dev.surge.kafka.KeyOrderedProcessor.METRIC_FAILED;
import static dev.surge.kafka.KeyOrderedProcessor.METRIC_IN_FLIGHT;
import static dev.surge.kafka.KeyOrderedProcessor.METRIC_NON_RETRYABLE;
import static dev.surge.kafka.KeyOrderedProcessor.METRIC_PAUSED;
import static dev.surge.kafka.KeyOrderedProcessor.METRIC_PROCESSED;
import static dev.surge.kafka.KeyOrderedProcessor.METRIC_PROCESSING;
import static dev.surge.kafka.KeyOrderedProcessor.TAG_PROCESSOR;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one processor, all tagged with its name; without a registry they go to an empty
 * composite registry, which keeps nothing.
 */
final class ProcessorMetrics {

  private final Counter processed;
  private final Counter failed;
  private final Counter deadLettered;
  private final Counter nonRetryable;
  private final Timer processing;

  ProcessorMetrics(MeterRegistry registry, String name, ProcessorEngine<?, ?> engine) {
    MeterRegistry target = registry != null ? registry : new CompositeMeterRegistry();
    processed = counter(target, METRIC_PROCESSED, "Records whose handler completed", name);
    failed = counter(target, METRIC_FAILED, "Failed handler attempts, per record", name);
    deadLettered =
        counter(target, METRIC_DEAD_LETTERED, "Records written to the dead-letter topic", name);
    nonRetryable =
        counter(
            target,
            METRIC_NON_RETRYABLE,
            "Dead-lettered records whose failure was not retryable",
            name);
    processing =
        Timer.builder(METRIC_PROCESSING)
            .description("Handler calls, one record or one key batch each")
            .tag(TAG_PROCESSOR, name)
            .register(target);
    Gauge.builder(METRIC_IN_FLIGHT, engine, ProcessorEngine::inFlight)
        .description("Records polled and not yet done")
        .tag(TAG_PROCESSOR, name)
        .register(target);
    Gauge.builder(METRIC_PAUSED, engine, e -> e.isPaused() ? 1 : 0)
        .description("1 while partitions are paused for back-pressure")
        .tag(TAG_PROCESSOR, name)
        .register(target);
  }

  private static Counter counter(
      MeterRegistry target, String metric, String description, String processor) {
    return Counter.builder(metric)
        .description(description)
        .tag(TAG_PROCESSOR, processor)
        .register(target);
  }

  void processed(int records) {
    processed.increment(records);
  }

  void failed(int records) {
    failed.increment(records);
  }

  /** A record was dead-lettered; {@code retryable} is false if its failure was not retryable. */
  void deadLettered(boolean retryable) {
    deadLettered.increment();
    if (!retryable) {
      nonRetryable.increment();
    }
  }

  void handlerCall(long nanos) {
    processing.record(nanos, TimeUnit.NANOSECONDS);
  }
}
