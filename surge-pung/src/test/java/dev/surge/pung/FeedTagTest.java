package dev.surge.pung;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedTagTest {

  @Test
  void aFeedTagIsUnchangedOnlyAtItsRevisionBeforeItsHorizon() {
    FeedTag tag = FeedTag.parse("10.1000");
    assertThat(tag).isEqualTo(new FeedTag("10", 1000));
    assertThat(tag.unchangedAt("10", 999)).isTrue();
    assertThat(tag.unchangedAt("10", 1000)).isFalse();
    assertThat(tag.unchangedAt("11", 1)).isFalse();
    assertThat(tag.unchangedAt(null, 1)).isFalse();
  }

  @Test
  void aFeedTagTakesTheFirstExpiryOfItsRowsAndReadsBackWhatItWrote() {
    Instant now = Instant.parse("2026-11-25T00:00:00Z");
    List<FeedItem> rows =
        List.of(
            new FeedItem(2, 1, "b", now, now.plusSeconds(90)),
            new FeedItem(1, 1, "a", now, now.plusSeconds(30)));
    FeedTag tag = FeedTag.of("17", rows);
    assertThat(tag.horizon()).isEqualTo(now.plusSeconds(30).toEpochMilli());
    assertThat(FeedTag.parse(tag.toString())).isEqualTo(tag);
    FeedTag empty = FeedTag.of("17", List.of());
    assertThat(empty.toString()).isEqualTo("17.never");
    assertThat(FeedTag.parse("17.never")).isEqualTo(empty);
    assertThat(empty.unchangedAt("17", Long.MAX_VALUE - 1)).isTrue();
  }

  @Test
  void textsThatAreNotFeedTagsNeverMatch() {
    for (String text : new String[] {null, "", "17", ".5", "17.", "17.soon", "u42", "17/5"}) {
      assertThat(FeedTag.parse(text)).as(text).isNull();
    }
  }
}
