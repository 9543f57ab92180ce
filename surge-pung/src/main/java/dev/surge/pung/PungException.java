package dev.surge.pung;

/** An expected refusal of a pung operation, mapped to an HTTP status by the app. */
public class PungException extends RuntimeException {

  private final Reason reason;

  public PungException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Why the operation was refused. */
  public enum Reason {
    /** No such pung, or not visible to the caller. */
    NOT_FOUND,
    /** The request names users who are not the caller's friends, or the caller themself. */
    NOT_FRIENDS,
    /** The request is malformed (empty text, bad cursor...). */
    INVALID,
    /** The request contradicts the current state (purging buckets the shard map still uses). */
    CONFLICT
  }

  static PungException notFound(String message) {
    return new PungException(Reason.NOT_FOUND, message);
  }

  static PungException notFriends(String message) {
    return new PungException(Reason.NOT_FRIENDS, message);
  }

  static PungException invalid(String message) {
    return new PungException(Reason.INVALID, message);
  }

  static PungException conflict(String message) {
    return new PungException(Reason.CONFLICT, message);
  }
}
