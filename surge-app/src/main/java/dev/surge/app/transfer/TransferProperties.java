package dev.surge.app.transfer;

import dev.surge.transfer.BankSimulator;
import dev.surge.transfer.DispatchMode;
import dev.surge.transfer.DueConsumers;
import dev.surge.transfer.KafkaDuePublisher;
import dev.surge.transfer.TransferSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code surge.transfer.*}: dispatch, consumers, retries, rate limits and the bank simulator. Unset
 * values take the module's own constants.
 *
 * @param dispatchInterval how often the dispatcher hands out due DELAYED transfers
 * @param sweepInterval how often the sweeper looks for rows a crashed worker left behind
 * @param initialMode the dispatch mode until an admin switches it
 * @param topic the Kafka topic of due transfers
 * @param partitions partitions of that topic when the app creates it
 * @param consumerEnabled whether this instance runs due-transfer consumers
 * @param consumerConcurrency handler threads of this instance's consumer
 * @param maxAttempts bank calls per execution before a transfer fails
 * @param retryBackoff the first wait between bank calls (doubling up to ten times this)
 * @param stuckAfter how long a row may stay PROCESSING before a sweep recovers it
 * @param redispatchAfter how long a dispatched row waits for a consumer before it is re-published
 * @param bankPermitsPerSecond calls per second this instance makes to one bank
 * @param bankPermitWait how long an execution waits for a bank permit
 * @param simulatorLatency the embedded banks' answer time
 * @param simulatorFailureRate the share of embedded bank calls that fail
 */
@ConfigurationProperties("surge.transfer")
public record TransferProperties(
    Duration dispatchInterval,
    Duration sweepInterval,
    DispatchMode initialMode,
    String topic,
    Integer partitions,
    Boolean consumerEnabled,
    Integer consumerConcurrency,
    Integer maxAttempts,
    Duration retryBackoff,
    Duration stuckAfter,
    Duration redispatchAfter,
    Integer bankPermitsPerSecond,
    Duration bankPermitWait,
    Duration simulatorLatency,
    Double simulatorFailureRate) {

  public static final Duration DEFAULT_DISPATCH_INTERVAL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);
  public static final int DEFAULT_PARTITIONS = 6;

  public TransferProperties {
    dispatchInterval = positive(dispatchInterval, DEFAULT_DISPATCH_INTERVAL, "dispatch-interval");
    sweepInterval = positive(sweepInterval, DEFAULT_SWEEP_INTERVAL, "sweep-interval");
    initialMode = initialMode != null ? initialMode : DispatchMode.KAFKA;
    topic = topic != null && !topic.isBlank() ? topic : KafkaDuePublisher.DEFAULT_TOPIC;
    partitions = partitions != null ? partitions : DEFAULT_PARTITIONS;
    consumerEnabled = consumerEnabled == null || consumerEnabled;
    consumerConcurrency =
        consumerConcurrency != null ? consumerConcurrency : DueConsumers.DEFAULT_CONCURRENCY;
    maxAttempts = maxAttempts != null ? maxAttempts : TransferSettings.DEFAULT_MAX_ATTEMPTS;
    retryBackoff = retryBackoff != null ? retryBackoff : TransferSettings.DEFAULT_INITIAL_BACKOFF;
    stuckAfter = stuckAfter != null ? stuckAfter : TransferSettings.DEFAULT_STUCK_AFTER;
    redispatchAfter =
        redispatchAfter != null ? redispatchAfter : TransferSettings.DEFAULT_REDISPATCH_AFTER;
    bankPermitsPerSecond =
        bankPermitsPerSecond != null
            ? bankPermitsPerSecond
            : TransferSettings.DEFAULT_BANK_PERMITS_PER_SECOND;
    bankPermitWait =
        bankPermitWait != null ? bankPermitWait : TransferSettings.DEFAULT_BANK_PERMIT_WAIT;
    simulatorLatency = simulatorLatency != null ? simulatorLatency : BankSimulator.DEFAULT_LATENCY;
    simulatorFailureRate =
        simulatorFailureRate != null ? simulatorFailureRate : BankSimulator.DEFAULT_FAILURE_RATE;
    if (partitions < 1) {
      throw new IllegalArgumentException("surge.transfer.partitions must be >= 1");
    }
  }

  /** The module settings these properties describe; invalid values fail here, at startup. */
  TransferSettings settings() {
    return TransferSettings.custom()
        .maxAttempts(maxAttempts)
        .backoff(retryBackoff, retryBackoff.multipliedBy(10))
        .stuckAfter(stuckAfter)
        .redispatchAfter(redispatchAfter)
        .bankPermitsPerSecond(bankPermitsPerSecond)
        .bankPermitWait(bankPermitWait)
        .build();
  }

  private static Duration positive(Duration value, Duration fallback, String name) {
    if (value == null) {
      return fallback;
    }
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException("surge.transfer." + name + " must be positive");
    }
    return value;
  }
}
