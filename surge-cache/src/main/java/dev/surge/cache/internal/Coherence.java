package dev.surge.cache.internal;

/**
 * The per-key generations that decide whether a cached copy is still current; a write bumps the
 * key's generation and every copy made under an older one is stale.
 */
interface Coherence extends AutoCloseable {

  /** Told when a key's known generation rose, so the cache can evict older L1 copies. */
  interface Listener {
    /**
     * @param writtenAtMillis the writer's clock at invalidate, or -1 when unknown (resync)
     */
    void generationChanged(String key, long generation, long writtenAtMillis);
  }

  /** The highest generation known here for {@code key}; 0 for a key never written. */
  long generation(String key);

  /** Whether invalidations may currently be missed (no live ZooKeeper session). */
  boolean degraded();

  /**
   * Raises the key's generation cluster-wide and returns the new one (or the known one if queued).
   */
  long bump(String key);

  @Override
  void close();

  /** Coherence for a cache without ZooKeeper: every copy is current until it expires. */
  static Coherence none() {
    return new Coherence() {
      @Override
      public long generation(String key) {
        return 0;
      }

      @Override
      public boolean degraded() {
        return false;
      }

      @Override
      public long bump(String key) {
        return 0;
      }

      @Override
      public void close() {}
    };
  }
}
