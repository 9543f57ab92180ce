package dev.surge.app.gift;

import dev.surge.cache.HybridCache;
import dev.surge.cache.hot.HotKeyCounter;
import dev.surge.cache.warmup.RabbitTickSource;
import dev.surge.gift.HotPromotions;
import dev.surge.gift.ProductOrigin;
import dev.surge.gift.PromotionWarmer;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code surge.gift.*}; unset values take the libraries' constants.
 *
 * @param originLatency simulated latency of the product service (contract property)
 * @param cacheTtl how long a loaded promotion is valid
 * @param l1Ttl how long an instance keeps a promotion before asking Redis again
 * @param hotSize how many promotions form the HOT set
 * @param hotRefresh how old the HOT set served by the API may be
 * @param hotFlushInterval how often each instance flushes its call counts to Redis
 * @param warmupInterval how often the HOT promotions are reloaded (one instance per period)
 * @param tickInterval the SPIKE reload period: the 1-second loop's message TTL
 * @param tickStaleAfter how long without a tick before the RabbitMQ loop is re-seeded
 * @param tickName the RabbitMQ loop's name: queues {@code <name>.work} and {@code <name>.delay}
 */
@ConfigurationProperties("surge.gift")
public record GiftProperties(
    Duration originLatency,
    Duration cacheTtl,
    Duration l1Ttl,
    Integer hotSize,
    Duration hotRefresh,
    Duration hotFlushInterval,
    Duration warmupInterval,
    Duration tickInterval,
    Duration tickStaleAfter,
    String tickName) {

  public GiftProperties {
    originLatency = originLatency != null ? originLatency : ProductOrigin.DEFAULT_LATENCY;
    cacheTtl = cacheTtl != null ? cacheTtl : HybridCache.Builder.DEFAULT_TTL;
    l1Ttl = l1Ttl != null ? l1Ttl : HybridCache.Builder.DEFAULT_L1_TTL;
    hotSize = hotSize != null ? hotSize : HotPromotions.DEFAULT_SIZE;
    hotRefresh = hotRefresh != null ? hotRefresh : HotPromotions.DEFAULT_REFRESH;
    hotFlushInterval =
        hotFlushInterval != null ? hotFlushInterval : HotKeyCounter.DEFAULT_FLUSH_INTERVAL;
    warmupInterval = warmupInterval != null ? warmupInterval : PromotionWarmer.DEFAULT_HOT_INTERVAL;
    tickInterval = tickInterval != null ? tickInterval : RabbitTickSource.DEFAULT_INTERVAL;
    tickStaleAfter = tickStaleAfter != null ? tickStaleAfter : RabbitTickSource.DEFAULT_STALE_AFTER;
    tickName = tickName != null ? tickName : "surge.gift.ticks";
  }
}
