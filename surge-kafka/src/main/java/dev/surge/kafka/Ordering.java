package dev.surge.kafka;

/** Which records a processor keeps in offset order relative to each other. */
public enum Ordering {

  /**
   * Records with the same key in the same topic run one at a time in offset order; different keys
   * run in parallel. Records without a key are ordered by their partition.
   */
  KEY,

  /**
   * Records of the same partition run one at a time in offset order; partitions run in parallel.
   */
  PARTITION
}
