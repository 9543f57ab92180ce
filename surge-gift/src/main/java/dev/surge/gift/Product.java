package dev.surge.gift;

/** A product as the product service knows it; price is an integer amount in KRW. */
public record Product(long id, String name, long price, boolean soldOut) {

  public static final int MAX_NAME_LENGTH = 200;

  public Product {
    GiftIds.check(id, "product id");
    GiftText.check(name, "name", MAX_NAME_LENGTH);
    if (price < 0) {
      throw new IllegalArgumentException("price must be >= 0, was " + price);
    }
  }
}
