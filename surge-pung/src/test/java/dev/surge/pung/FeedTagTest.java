package dev.surge.pung;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedTagTest {

  @Test
  void aFeedTagIsUnchangedOnlyForItsViewerAtItsRevisionBeforeItsHorizon() {
    FeedTag tag = FeedTag.parse("10.1000.v");
    assertThat(tag).isEqualTo(new FeedTag("10", 1000, "v"));
    assertThat(tag.unchangedAt("10", "v", 999)).isTrue();
    assertThat(tag.unchangedAt("10", "v", 1000)).isFalse();
    assertThat(tag.unchangedAt("11", "v", 1)).isFalse();
    assertThat(tag.unchangedAt(null, "v", 1)).isFalse();
    assertThat(tag.unchangedAt("10", "w", 1)).isFalse();
  }

  @Test
  void aFeedTagReadsBackWhatItWroteAndRowsGiveTheirFirstExpiry() {
    Instant now = Instant.parse("2026-11-25T00:00:00Z");
    List<FeedItem> rows =
        List.of(
            new FeedItem(2, 1, "b", now, now.plusSeconds(90)),
            new FeedItem(1, 1, "a", now, now.plusSeconds(30)));
    assertThat(FeedTag.firstExpiry(rows)).isEqualTo(now.plusSeconds(30).toEpochMilli());
    assertThat(FeedTag.firstExpiry(List.of())).isEqualTo(Long.MAX_VALUE);
    FeedTag tag = new FeedTag("17", now.toEpochMilli(), FeedTag.viewerKey(5));
    assertThat(FeedTag.parse(tag.toString())).isEqualTo(tag);
    FeedTag empty = new FeedTag("17", Long.MAX_VALUE, "v");
    assertThat(empty.toString()).isEqualTo("17.never.v");
    assertThat(FeedTag.parse("17.never.v")).isEqualTo(empty);
    assertThat(empty.unchangedAt("17", "v", Long.MAX_VALUE - 1)).isTrue();
  }

  @Test
  void viewersHaveTheirOwnKeys() {
    assertThat(FeedTag.viewerKey(7)).isEqualTo(FeedTag.viewerKey(7));
    assertThat(FeedTag.viewerKey(8)).isNotEqualTo(FeedTag.viewerKey(7));
  }

  @Test
  void textsThatAreNotFeedTagsNeverMatch() {
    for (String text :
        new String[] {
          null, "", "17", "17.5", ".5.v", "17..v", "17.5.", "17.soon.v", "u42", "1.2.3.4"
        }) {
      assertThat(FeedTag.parse(text)).as(text).isNull();
    }
  }
}
