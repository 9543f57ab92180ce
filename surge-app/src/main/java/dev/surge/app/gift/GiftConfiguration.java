package dev.surge.app.gift;

import dev.surge.cache.HybridCache;
import dev.surge.cache.hot.HotKeyCounter;
import dev.surge.cache.hot.HotKeyScorer;
import dev.surge.cache.warmup.InJvmTickSource;
import dev.surge.cache.warmup.RabbitTickSource;
import dev.surge.cache.warmup.TickSource;
import dev.surge.gift.GiftService;
import dev.surge.gift.GiftStore;
import dev.surge.gift.HotPromotions;
import dev.surge.gift.ProductOrigin;
import dev.surge.gift.PromotionCache;
import dev.surge.gift.PromotionEntry;
import dev.surge.gift.PromotionWarmer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.curator.framework.CuratorFramework;
import org.redisson.api.RedissonClient;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Gift promotions: the store, the product origin behind the {@code promotion} hybrid cache, HOT
 * counting, and the warm-up loops (the 1-second one on RabbitMQ in external mode, in the JVM in
 * embedded mode).
 */
@Configuration(proxyBeanMethods = false)
public class GiftConfiguration {

  static final String REDIS_PREFIX = "surge:gift";

  @Bean
  GiftStore giftStore(DataSource dataSource, PlatformTransactionManager transactions) {
    return new GiftStore(dataSource, transactions);
  }

  @Bean
  ProductOrigin productOrigin(GiftStore store, GiftProperties properties) {
    return new ProductOrigin(store, properties.originLatency());
  }

  @Bean(destroyMethod = "close")
  HybridCache<Long, PromotionEntry> promotionCache(
      ProductOrigin origin,
      RedissonClient redisson,
      CuratorFramework curator,
      Clock clock,
      MeterRegistry meters,
      GiftProperties properties) {
    return PromotionCache.builder(origin)
        .redisson(redisson)
        .curator(curator)
        .clock(clock)
        .meterRegistry(meters)
        .ttl(properties.cacheTtl())
        .l1Ttl(properties.l1Ttl())
        .build();
  }

  @Bean(destroyMethod = "close")
  HotKeyCounter promotionCallCounter(
      RedissonClient redisson, Clock clock, GiftProperties properties) {
    return HotKeyCounter.builder(redisson, REDIS_PREFIX + ":hot")
        .clock(clock)
        .flushInterval(properties.hotFlushInterval())
        .build()
        .start();
  }

  @Bean
  HotPromotions hotPromotions(HotKeyCounter counter, Clock clock, GiftProperties properties) {
    return new HotPromotions(
        counter, HotKeyScorer.defaults(), clock, properties.hotSize(), properties.hotRefresh());
  }

  @Bean
  GiftService giftService(
      GiftStore store, HybridCache<Long, PromotionEntry> promotionCache, HotPromotions hot) {
    return new GiftService(store, promotionCache, hot);
  }

  @Bean(destroyMethod = "close")
  PromotionWarmer promotionWarmer(
      HotPromotions hot,
      ProductOrigin origin,
      GiftStore store,
      HybridCache<Long, PromotionEntry> promotionCache,
      RedissonClient redisson,
      Clock clock,
      GiftProperties properties) {
    return new PromotionWarmer(
        hot,
        origin,
        store,
        promotionCache,
        redisson,
        REDIS_PREFIX + ":warmup",
        clock,
        properties.warmupInterval());
  }

  static final String RABBIT_TICKS =
      "'${surge.gift.tick-source:auto}' == 'rabbitmq' or ('${surge.gift.tick-source:auto}' =="
          + " 'auto' and '${surge.embedded.enabled:true}' == 'false')";

  /**
   * The cluster-wide loop on RabbitMQ ({@code spring.rabbitmq.*}): {@code
   * surge.gift.tick-source=rabbitmq}, or {@code auto} (the default) outside embedded mode.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnExpression(RABBIT_TICKS)
  TickSource rabbitTickSource(
      ConnectionFactory connections,
      RedissonClient redisson,
      Clock clock,
      GiftProperties properties) {
    if (!(connections instanceof AbstractConnectionFactory spring)) {
      throw new IllegalStateException(
          "the RabbitMQ connection factory must be Spring AMQP's, was " + connections.getClass());
    }
    return RabbitTickSource.builder(
            spring.getRabbitConnectionFactory(), redisson, properties.tickName())
        .interval(properties.tickInterval())
        .staleAfter(properties.tickStaleAfter())
        .redisPrefix(REDIS_PREFIX + ":ticks")
        .clock(clock)
        .build();
  }

  /**
   * Ticks inside this JVM: {@code surge.gift.tick-source=in-jvm}, or {@code auto} in embedded mode.
   * A second instance sharing an embedded first one (no RabbitMQ there) ticks on its own too.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnExpression("!(" + RABBIT_TICKS + ")")
  TickSource inJvmTickSource(Clock clock, GiftProperties properties) {
    return new InJvmTickSource(properties.tickInterval(), clock);
  }

  @Bean
  GiftWarmUp giftWarmUp(PromotionWarmer warmer, TickSource ticks) {
    return new GiftWarmUp(warmer, ticks);
  }

  /** Counters of the gift machinery beside the cache's own {@code surge.cache.*} meters. */
  @Bean
  MeterBinder giftMeters(
      ProductOrigin origin, PromotionWarmer warmer, TickSource ticks, HotKeyCounter counter) {
    return registry -> {
      FunctionCounter.builder("surge.gift.origin.calls", origin, ProductOrigin::calls)
          .description("product service calls, by cache loads and warm-up")
          .register(registry);
      FunctionCounter.builder("surge.gift.warmup.reloads", warmer, PromotionWarmer::refreshed)
          .description("HOT promotions reloaded into the cache by this instance")
          .register(registry);
      FunctionCounter.builder("surge.gift.ticks", ticks, TickSource::ticks)
          .description("1-second warm-up ticks received by this instance")
          .register(registry);
      FunctionCounter.builder("surge.gift.hot.dropped", counter, HotKeyCounter::dropped)
          .description("promotion calls not counted because the HOT buffer was full")
          .register(registry);
    };
  }
}
