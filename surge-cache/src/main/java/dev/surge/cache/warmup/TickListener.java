package dev.surge.cache.warmup;

/** What runs on each tick; it runs off the tick loop, so a slow listener never slows the loop. */
@FunctionalInterface
public interface TickListener {

  void onTick(Tick tick);
}
