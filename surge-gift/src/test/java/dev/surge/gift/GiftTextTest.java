package dev.surge.gift;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Names and titles the stores could not take are refused when the value is made. */
class GiftTextTest {

  @Test
  void namesAndTitlesWithNulAreRefused() {
    assertThatThrownBy(() -> new Product(1, "a\u0000b", 1, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name must not contain NUL");
    assertThatThrownBy(() -> new Promotion(1, "a\u0000b", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("title must not contain NUL");
  }

  @Test
  void blankAndTooLongTextIsRefused() {
    assertThatThrownBy(() -> new Product(1, " ", 1, false))
        .hasMessageContaining("name must be 1..200 characters");
    assertThatThrownBy(() -> new Promotion(1, "x".repeat(201), List.of()))
        .hasMessageContaining("title must be 1..200 characters");
  }
}
