package dev.surge.pung;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedTagTest {

  @Test
  void aFeedTagIsUnchangedOnlyAtItsRevisionAndPageBeforeItsHorizon() {
    FeedTag tag = FeedTag.parse("10.1000.p");
    assertThat(tag).isEqualTo(new FeedTag("10", 1000, "p"));
    assertThat(tag.unchangedAt("10", "p", 999)).isTrue();
    assertThat(tag.unchangedAt("10", "p", 1000)).isFalse();
    assertThat(tag.unchangedAt("11", "p", 1)).isFalse();
    assertThat(tag.unchangedAt(null, "p", 1)).isFalse();
    assertThat(tag.unchangedAt("10", "q", 1)).isFalse();
  }

  @Test
  void aFeedTagTakesTheFirstExpiryOfItsRowsAndReadsBackWhatItWrote() {
    Instant now = Instant.parse("2026-11-25T00:00:00Z");
    List<FeedItem> rows =
        List.of(
            new FeedItem(2, 1, "b", now, now.plusSeconds(90)),
            new FeedItem(1, 1, "a", now, now.plusSeconds(30)));
    FeedTag tag = FeedTag.of("17", rows, "p");
    assertThat(tag.horizon()).isEqualTo(now.plusSeconds(30).toEpochMilli());
    assertThat(FeedTag.parse(tag.toString())).isEqualTo(tag);
    FeedTag empty = FeedTag.of("17", List.of(), "p");
    assertThat(empty.toString()).isEqualTo("17.never.p");
    assertThat(FeedTag.parse("17.never.p")).isEqualTo(empty);
    assertThat(empty.unchangedAt("17", "p", Long.MAX_VALUE - 1)).isTrue();
  }

  @Test
  void pagesDifferByViewerLimitAndCursor() {
    String page = FeedTag.page(7, 50, Long.MAX_VALUE);
    assertThat(FeedTag.page(7, 50, Long.MAX_VALUE)).isEqualTo(page);
    assertThat(FeedTag.page(8, 50, Long.MAX_VALUE)).isNotEqualTo(page);
    assertThat(FeedTag.page(7, 51, Long.MAX_VALUE)).isNotEqualTo(page);
    assertThat(FeedTag.page(7, 50, 99)).isNotEqualTo(page);
  }

  @Test
  void textsThatAreNotFeedTagsNeverMatch() {
    for (String text :
        new String[] {
          null, "", "17", "17.5", ".5.p", "17..p", "17.5.", "17.soon.p", "u42", "1.2.3.4"
        }) {
      assertThat(FeedTag.parse(text)).as(text).isNull();
    }
  }
}
