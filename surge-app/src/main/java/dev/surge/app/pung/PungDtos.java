package dev.surge.app.pung;

import dev.surge.pung.Audience;
import dev.surge.pung.BucketRange;
import dev.surge.pung.FeedItem;
import dev.surge.pung.Pung;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/** Request and response bodies of the pung API (see /work/shared/API.md). */
final class PungDtos {

  private PungDtos() {}

  /** {@code POST /api/pungs}. */
  record PostPung(
      @NotNull @Size(min = 1, max = Pung.MAX_TEXT) String text,
      @NotNull @Valid AudienceBody audience) {}

  /** Who a new pung is for. */
  enum AudienceType {
    ALL_FRIENDS,
    SELECTED
  }

  /** The audience of a new pung: every friend, or the listed friends. */
  record AudienceBody(
      @NotNull AudienceType type,
      @Size(max = Audience.MAX_SELECTED) List<@NotNull @Positive Long> userIds) {

    /** SELECTED names at least one user; ALL_FRIENDS names none. */
    @AssertTrue(
        message =
            "must list 1.." + Audience.MAX_SELECTED + " users for SELECTED, none for ALL_FRIENDS")
    boolean isUserIdsMatchingType() {
      if (type == null) {
        return true;
      }
      boolean listed = userIds != null && !userIds.isEmpty();
      return type == AudienceType.SELECTED ? listed : !listed;
    }

    Audience toAudience() {
      return type == AudienceType.SELECTED
          ? Audience.selected(new LinkedHashSet<>(userIds))
          : Audience.allFriends();
    }
  }

  /** A pung as returned by post and get. */
  record PungBody(
      String id,
      long authorId,
      String text,
      Instant createdAt,
      Instant expiresAt,
      int audienceSize) {
    static PungBody of(Pung p) {
      return new PungBody(
          Long.toString(p.id()),
          p.authorId(),
          p.text(),
          p.createdAt(),
          p.expiresAt(),
          p.audienceSize());
    }
  }

  /** One feed item. */
  record ItemBody(String id, long authorId, String text, Instant createdAt, Instant expiresAt) {
    static ItemBody of(FeedItem i) {
      return new ItemBody(
          Long.toString(i.id()), i.authorId(), i.text(), i.createdAt(), i.expiresAt());
    }
  }

  /** {@code GET /api/feed}. */
  record FeedBody(String revision, List<ItemBody> items, String nextCursor) {}

  /** {@code GET /api/friends}. */
  record FriendsBody(List<Long> friendIds) {}

  /** A request naming the buckets {@code first..last}. */
  interface BucketsBody {
    Integer first();

    Integer last();

    @AssertTrue(message = "first must not be greater than last")
    default boolean isOrdered() {
      return first() == null || last() == null || first() <= last();
    }

    default BucketRange range() {
      return new BucketRange(first(), last());
    }
  }

  /** {@code POST /api/admin/pung/buckets/copy}: buckets {@code first..last}, source to target. */
  record CopyBuckets(
      @NotNull @PositiveOrZero Integer first,
      @NotNull @PositiveOrZero Integer last,
      @NotNull @PositiveOrZero Integer sourceShard,
      @NotNull @PositiveOrZero Integer targetShard)
      implements BucketsBody {}

  /** {@code POST /api/admin/pung/buckets/purge}: buckets {@code first..last} on one shard. */
  record PurgeBuckets(
      @NotNull @PositiveOrZero Integer first,
      @NotNull @PositiveOrZero Integer last,
      @NotNull @PositiveOrZero Integer shard)
      implements BucketsBody {}

  /** The rows a bucket copy or purge wrote or deleted. */
  record RowsBody(long rows) {}
}
