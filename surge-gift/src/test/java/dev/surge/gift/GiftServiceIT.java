package dev.surge.gift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.cache.HybridCache;
import dev.surge.cache.hot.HotKeyCounter;
import dev.surge.cache.hot.HotKeyScorer;
import dev.surge.cache.hot.HotKind;
import dev.surge.cache.warmup.Tick;
import dev.surge.testkit.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The service on H2 and the machine's Redis, with time in the test's hands. */
class GiftServiceIT {

  private static final Duration TTL = Duration.ofSeconds(90);

  private static RedissonClient redisson;

  private final String run = UUID.randomUUID().toString();
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T10:20:00Z"));
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private GiftStore store;
  private HybridCache<Long, PromotionEntry> cache;
  private HotKeyCounter counter;
  private HotPromotions hot;
  private GiftService service;
  private PromotionWarmer warmer;

  @BeforeAll
  static void connect() {
    Config config = new Config();
    config
        .useSingleServer()
        .setAddress("redis://" + System.getProperty("surge.test.redis", "127.0.0.1:6379"));
    redisson = Redisson.create(config);
  }

  @AfterAll
  static void disconnect() {
    redisson.shutdown();
  }

  @BeforeEach
  void setUp() {
    DataSource ds = Databases.H2.fresh();
    store = new GiftStore(ds, new DataSourceTransactionManager(ds));
    ProductOrigin origin = new ProductOrigin(store, Duration.ofMillis(1));
    cache =
        PromotionCache.builder(origin)
            .redisson(redisson)
            .redisPrefix("test:gift:" + run)
            .clock(clock)
            .meterRegistry(meters)
            .ttl(TTL)
            .l1Ttl(Duration.ofSeconds(10))
            .beta(0)
            .build();
    counter = HotKeyCounter.builder(redisson, "test:gift:hot:" + run).clock(clock).build();
    hot = new HotPromotions(counter, HotKeyScorer.defaults(), clock, 1, Duration.ofSeconds(1));
    service = new GiftService(store, cache, hot);
    warmer =
        new PromotionWarmer(
            hot,
            origin,
            store,
            cache,
            redisson,
            "test:gift:warmup:" + run,
            clock,
            Duration.ofMinutes(1));
    service.putProduct(new Product(1, "Cake", 30_000, false));
    service.putPromotion(new Promotion(1, "Hot one", List.of(1L)));
    service.putPromotion(new Promotion(2, "Cold one", List.of(1L)));
  }

  @AfterEach
  void tearDown() {
    warmer.close();
    cache.close();
    redisson.getKeys().deleteByPattern("test:gift:*" + run + "*");
    redisson.getKeys().deleteByPattern("{test:gift:hot:" + run + "}*");
  }

  @Test
  void theMinuteJobRefreshesHotPromotionsBeforeTheyExpire() {
    for (int i = 0; i < 20; i++) {
      service.promotion(1);
    }
    service.promotion(2);
    assertThat(loads()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(60));
    assertThat(warmer.refreshHotIfClaimed()).isEqualTo(1);
    assertThat(warmer.refreshHotIfClaimed()).as("the period is taken").isEqualTo(-1);

    clock.advance(Duration.ofSeconds(40)); // 100 s after the first load, past the 90 s TTL
    assertThat(service.promotion(1)).isPresent();
    assertThat(loads()).as("the HOT promotion was still fresh").isEqualTo(2);
    assertThat(service.promotion(2)).isPresent();
    assertThat(loads()).as("the cold one expired and was loaded again").isEqualTo(3);
  }

  @Test
  void eachTickRefreshesSpikePromotionsOnly() {
    for (int i = 0; i < 50; i++) {
      service.promotion(1);
    }
    assertThat(hot.recompute())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.promotionId()).isEqualTo(1);
              assertThat(h.kind()).isEqualTo(HotKind.SPIKE);
            });

    warmer.onTick(new Tick(1, 0, clock.instant()));
    warmer.onTick(new Tick(1, 1, clock.instant()));

    assertThat(warmer.refreshed()).isEqualTo(2);
  }

  @Test
  void anUnknownPromotionIsCachedAsMissingUntilItIsCreated() {
    assertThat(service.promotion(5)).isEmpty();
    assertThat(service.promotion(5)).isEmpty();
    assertThat(loads()).isEqualTo(1);

    service.putPromotion(new Promotion(5, "New", List.of()));

    assertThat(service.promotion(5)).get().extracting(PromotionPage::title).isEqualTo("New");
    assertThat(hot.recompute()).extracting(HotPromotions.Hot::promotionId).containsExactly(5L);
  }

  @Test
  void aProductChangeReachesEveryPromotionListingIt() {
    assertThat(service.promotion(1).orElseThrow().products().get(0).soldOut()).isFalse();
    assertThat(service.promotion(2).orElseThrow().products().get(0).soldOut()).isFalse();

    service.putProduct(new Product(1, "Cake", 30_000, true));

    assertThat(service.promotion(1).orElseThrow().products().get(0).soldOut()).isTrue();
    assertThat(service.promotion(2).orElseThrow().products().get(0).soldOut()).isTrue();
  }

  private double loads() {
    return meters.get(HybridCache.METRIC_LOADS).tag("cache", PromotionCache.NAME).counter().count();
  }
}
