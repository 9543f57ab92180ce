package dev.surge.transfer;

/** How the dispatcher hands due transfers to execution; switchable at runtime. */
public enum DispatchMode {
  /** Publish to Kafka keyed by user id; consumers execute with per-user order, keys in parallel. */
  KAFKA,
  /** Execute them in the dispatcher itself, one after another: the fallback during rollout. */
  DIRECT
}
