package dev.surge.gift;

import java.util.Objects;

/**
 * Product names and promotion titles: 1 to {@code max} characters, not blank, without NUL (which
 * PostgreSQL text columns reject, so it would fail the write instead of the request).
 */
final class GiftText {

  private GiftText() {}

  static String check(String value, String what, int max) {
    Objects.requireNonNull(value, what);
    if (value.isBlank() || value.length() > max) {
      throw new IllegalArgumentException(what + " must be 1.." + max + " characters");
    }
    if (value.indexOf('\u0000') >= 0) {
      throw new IllegalArgumentException(what + " must not contain NUL");
    }
    return value;
  }
}
