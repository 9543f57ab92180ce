package dev.surge.transfer;

import java.util.Locale;

/** Which part of the system ran an execution; a metric tag. */
public enum ExecutionPath {
  /** In the request that created the transfer, the bank being open. */
  IMMEDIATE,
  /** By a Kafka consumer after the dispatcher published the due transfer. */
  KAFKA,
  /** By the dispatcher itself, one after another (the rollout fallback). */
  DIRECT,
  /** By the sweeper, recovering a row a crashed worker left behind. */
  SWEEP;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
