package dev.surge.cache.hot;

/** Why a key is hot: long accumulated traffic, or a sudden recent rise. */
public enum HotKind {
  /** Accumulated counts over the history window dominate; refreshed on the slow schedule. */
  STEADY,
  /** The current hour's rate grew sharply over its recent baseline; refreshed every tick. */
  SPIKE
}
