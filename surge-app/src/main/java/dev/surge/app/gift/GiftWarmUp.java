package dev.surge.app.gift;

import dev.surge.cache.warmup.TickSource;
import dev.surge.gift.PromotionWarmer;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the warm-up loops once the app is up and stops them before the cache and clients close.
 */
final class GiftWarmUp implements SmartLifecycle {

  private final PromotionWarmer warmer;
  private final TickSource ticks;
  private volatile boolean running;

  GiftWarmUp(PromotionWarmer warmer, TickSource ticks) {
    this.warmer = warmer;
    this.ticks = ticks;
  }

  @Override
  public synchronized void start() {
    if (!running) {
      warmer.start();
      ticks.start(warmer);
      running = true;
    }
  }

  @Override
  public synchronized void stop() {
    if (running) {
      ticks.close();
      warmer.close();
      running = false;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
