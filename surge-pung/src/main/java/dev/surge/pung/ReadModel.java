package dev.surge.pung;

/** How feeds are read. */
public enum ReadModel {
  /** From the viewer's inbox rows written by fan-out: one indexed range read on one shard. */
  PUSH,
  /** From friends, their pungs and the audience table at read time: the measured baseline. */
  PULL
}
