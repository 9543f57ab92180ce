package dev.surge.cache;

/**
 * The origin (loader) failed or could not be called in time; thrown by {@link HybridCache#get} when
 * no cached value can answer instead.
 */
public class CacheLoadException extends RuntimeException {

  public CacheLoadException(String message, Throwable cause) {
    super(message, cause);
  }

  public CacheLoadException(String message) {
    super(message);
  }
}
