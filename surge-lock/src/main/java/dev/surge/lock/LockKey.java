package dev.surge.lock;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of one lock: a lock {@code type} (what kind of resource, e.g. {@code wallet}) and
 * the {@code id} of the resource, e.g. {@code LockKey.of("wallet", userId)}.
 *
 * <p>A typed value replaces the SpEL key strings of the old annotation, which broke silently when a
 * parameter was renamed. The type is validated at once and is the only part that metrics see; the
 * id is any non-blank value rendered through {@code toString()}. {@link #redisKey()} is the single
 * place that renders a key for the store.
 */
public record LockKey(String type, String id) {

  /** Prefix of every Redis key that a {@link LockKey} renders to. */
  public static final String REDIS_KEY_PREFIX = "surge:lock:";

  /** Longest accepted {@link #type()}; types are tag values, so they are short identifiers. */
  public static final int MAX_TYPE_LENGTH = 64;

  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*");

  /** Validates both parts; prefer {@link #of(String, Object)}. */
  public LockKey {
    Objects.requireNonNull(type, "lock type must not be null");
    Objects.requireNonNull(id, "lock id must not be null");
    if (type.length() > MAX_TYPE_LENGTH || !TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "lock type must be a lower-case identifier ([a-z][a-z0-9_]*, at most "
              + MAX_TYPE_LENGTH
              + " characters), was '"
              + type
              + "'");
    }
    if (id.isBlank()) {
      throw new IllegalArgumentException("lock id must not be blank (type '" + type + "')");
    }
  }

  /** A key for the resource {@code id} of kind {@code type}, e.g. {@code of("wallet", 42L)}. */
  public static LockKey of(String type, Object id) {
    Objects.requireNonNull(id, () -> "lock id must not be null (type '" + type + "')");
    return new LockKey(type, id.toString());
  }

  /** The Redis key of this lock, e.g. {@code surge:lock:wallet:42}. */
  public String redisKey() {
    return REDIS_KEY_PREFIX + type + ':' + id;
  }

  @Override
  public String toString() {
    return type + ':' + id;
  }
}
