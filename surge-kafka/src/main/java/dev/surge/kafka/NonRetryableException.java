package dev.surge.kafka;

/**
 * Thrown by a {@link RecordHandler} or {@link KeyBatchHandler} to say that trying again can never
 * succeed (a malformed value, a reference to something that will never exist): the processor skips
 * the remaining attempts of its {@link RetryPolicy}.
 *
 * <p>A record handled alone is written to the dead-letter topic at once, with the usual {@link
 * DeadLetterHeaders} describing this exception (its cause appears in the stack trace header), and
 * its key goes on with its next record. A key batch is not retried as a whole but split at once:
 * each record is handled alone, with a fresh retry budget, so only the records that fail alone
 * reach the dead-letter topic. The exception counts wherever it is in the cause chain of what the
 * handler throws, so a wrapping {@code CompletionException} keeps it.
 */
public class NonRetryableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public NonRetryableException(String message) {
    super(message);
  }

  public NonRetryableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Carries {@code cause}, whose {@code toString()} becomes the message. */
  public NonRetryableException(Throwable cause) {
    super(cause);
  }
}
