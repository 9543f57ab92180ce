package dev.surge.gift;

import java.util.List;
import java.util.Objects;

/**
 * A promotion as readers see it: its products resolved from the product service, in the admin's
 * order, leaving out ids the product service does not know.
 */
public record PromotionPage(long id, String title, List<Product> products) {

  public PromotionPage {
    Objects.requireNonNull(title, "title");
    products = List.copyOf(products);
  }
}
