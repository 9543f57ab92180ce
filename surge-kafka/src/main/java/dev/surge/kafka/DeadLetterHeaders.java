package dev.surge.kafka;

/**
 * Names of the headers a dead-lettered record carries besides its original headers; values are
 * UTF-8 strings so the record can be read with any tool.
 */
public final class DeadLetterHeaders {

  public static final String ORIGINAL_TOPIC = "surge-dlt-original-topic";
  public static final String ORIGINAL_PARTITION = "surge-dlt-original-partition";
  public static final String ORIGINAL_OFFSET = "surge-dlt-original-offset";
  public static final String ORIGINAL_TIMESTAMP = "surge-dlt-original-timestamp";
  public static final String EXCEPTION_CLASS = "surge-dlt-exception-class";
  public static final String EXCEPTION_MESSAGE = "surge-dlt-exception-message";
  public static final String EXCEPTION_STACKTRACE = "surge-dlt-exception-stacktrace";
  public static final String ATTEMPTS = "surge-dlt-attempts";
  public static final String FAILED_AT = "surge-dlt-failed-at";
  public static final String PROCESSOR = "surge-dlt-processor";

  private DeadLetterHeaders() {}
}
