package dev.surge.gift;

import dev.surge.cache.HybridCache;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Promotions for readers through the hybrid cache, and the admin writes that change them: a write
 * commits first and then invalidates every cached promotion it affects, so every instance drops its
 * copy within a ZooKeeper watch round trip.
 */
public final class GiftService {

  private final GiftStore store;
  private final HybridCache<Long, PromotionEntry> cache;
  private final HotPromotions hot;

  public GiftService(GiftStore store, HybridCache<Long, PromotionEntry> cache, HotPromotions hot) {
    this.store = Objects.requireNonNull(store, "store");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.hot = Objects.requireNonNull(hot, "hot");
  }

  /** The promotion page, empty if there is no such promotion; counts the call for HOT. */
  public Optional<PromotionPage> promotion(long promotionId) {
    GiftIds.check(promotionId, "promotion id");
    PromotionEntry entry = cache.get(promotionId);
    if (!entry.found()) {
      return Optional.empty();
    }
    hot.record(promotionId);
    return Optional.of(entry.page());
  }

  public List<HotPromotions.Hot> hot() {
    return hot.current();
  }

  public void putProduct(Product product) {
    List<Long> affected = store.putProduct(product);
    affected.forEach(cache::invalidate);
  }

  public void putPromotion(Promotion promotion) {
    store.putPromotion(promotion);
    cache.invalidate(promotion.id());
  }
}
