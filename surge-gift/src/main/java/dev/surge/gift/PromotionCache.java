package dev.surge.gift;

import dev.surge.cache.HybridCache;
import dev.surge.cache.ValueCodec;
import dev.surge.gift.internal.PromotionCodec;

/** The promotion cache's fixed parts: its name (the metric tag), codec, key form and loader. */
public final class PromotionCache {

  /** The cache name; tags {@code surge.cache.loads{cache=promotion}}. */
  public static final String NAME = "promotion";

  private PromotionCache() {}

  /** A builder reading through {@code origin}; the caller adds Redis, ZooKeeper, clock, TTLs. */
  public static HybridCache.Builder<Long, PromotionEntry> builder(ProductOrigin origin) {
    return HybridCache.<Long, PromotionEntry>builder(NAME)
        .codec(codec())
        .keyRenderer(String::valueOf)
        .loader(origin::load);
  }

  public static ValueCodec<PromotionEntry> codec() {
    return new PromotionCodec();
  }
}
