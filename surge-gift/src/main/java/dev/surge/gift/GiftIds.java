package dev.surge.gift;

/** Promotion and product ids are positive longs chosen by the admin. */
final class GiftIds {

  private GiftIds() {}

  static long check(long id, String what) {
    if (id < 1) {
      throw new IllegalArgumentException(what + " must be positive, was " + id);
    }
    return id;
  }
}
