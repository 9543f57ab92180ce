package dev.surge.gift;

import java.util.Objects;

/** A product as the product service knows it; price is an integer amount in KRW. */
public record Product(long id, String name, long price, boolean soldOut) {

  public static final int MAX_NAME_LENGTH = 200;

  public Product {
    GiftIds.check(id, "product id");
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("name must be 1.." + MAX_NAME_LENGTH + " characters");
    }
    if (price < 0) {
      throw new IllegalArgumentException("price must be >= 0, was " + price);
    }
  }
}
