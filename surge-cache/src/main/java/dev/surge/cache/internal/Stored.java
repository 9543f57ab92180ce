package dev.surge.cache.internal;

/**
 * A cached value with what XFetch and coherence need: the compute time it took (delta), its logical
 * expiry, the key generation it was computed under, and when this instance put it in L1.
 */
record Stored<V>(V value, long deltaMillis, long expiryMillis, long generation, long storedAt) {

  Stored<V> storedAt(long now) {
    return new Stored<>(value, deltaMillis, expiryMillis, generation, now);
  }
}
