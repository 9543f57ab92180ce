package dev.surge.gift;

import java.util.List;

/** A promotion as the admin writes it: a title and product ids in display order. */
public record Promotion(long id, String title, List<Long> productIds) {

  public static final int MAX_TITLE_LENGTH = 200;
  public static final int MAX_PRODUCTS = 100;

  public Promotion {
    GiftIds.check(id, "promotion id");
    GiftText.check(title, "title", MAX_TITLE_LENGTH);
    productIds = List.copyOf(productIds);
    if (productIds.size() > MAX_PRODUCTS) {
      throw new IllegalArgumentException("at most " + MAX_PRODUCTS + " products per promotion");
    }
    productIds.forEach(p -> GiftIds.check(p, "product id"));
    if (productIds.stream().distinct().count() != productIds.size()) {
      throw new IllegalArgumentException("product ids must not repeat");
    }
  }
}
