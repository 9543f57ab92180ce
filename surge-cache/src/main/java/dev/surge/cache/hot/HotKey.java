package dev.surge.cache.hot;

import java.util.Objects;

/** One member of the HOT set: a key, its score (higher is hotter) and its kind. */
public record HotKey(String key, double score, HotKind kind) {

  public HotKey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    if (!(score >= 0) || Double.isInfinite(score)) {
      throw new IllegalArgumentException("score must be finite and >= 0, was " + score);
    }
  }
}
