package dev.surge.app.transfer;

import dev.surge.kafka.KeyOrderedProcessor;
import org.springframework.context.SmartLifecycle;

/**
 * Runs this instance's due-transfer consumer between startup and shutdown; on shutdown it lets
 * polled transfers finish and commits them before the database and Kafka clients close.
 */
final class DueConsumerLifecycle implements SmartLifecycle {

  private final KeyOrderedProcessor<String, String> processor;
  private volatile boolean running;

  DueConsumerLifecycle(KeyOrderedProcessor<String, String> processor) {
    this.processor = processor;
  }

  @Override
  public void start() {
    processor.start();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    processor.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  KeyOrderedProcessor<String, String> processor() {
    return processor;
  }
}
