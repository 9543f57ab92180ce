package dev.surge.app.pung;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeedControllerTest {

  @Test
  void revisionIsReadFromStrongAndWeakTags() {
    assertThat(FeedController.revisionOf("\"123\"")).isEqualTo("123");
    assertThat(FeedController.revisionOf("W/\"123\"")).isEqualTo("123");
    assertThat(FeedController.revisionOf("\"123\", \"456\"")).isEqualTo("123");
    assertThat(FeedController.revisionOf("123")).isEqualTo("123");
    assertThat(FeedController.revisionOf(null)).isNull();
    assertThat(FeedController.revisionOf("\"\"")).isNull();
  }
}
