package dev.surge.pung;

import dev.surge.pung.internal.FanoutMessage;
import dev.surge.pung.internal.InboxRow;
import dev.surge.pung.internal.InboxShard;
import dev.surge.pung.internal.InboxShards;
import dev.surge.pung.internal.PungMetrics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Applies fan-out records to the inboxes: groups their viewers by shard, writes each shard's rows
 * in one batched transaction, and bumps the revisions of that shard's viewers (one pipelined round
 * trip) only after it commits, overlapping the next shard's transaction. Idempotent and order-free
 * (adds never overwrite, removes leave tombstones), so redelivery and reordering are harmless; a
 * failure anywhere fails the call so the records are delivered again.
 */
public final class FanoutHandler {

  private final InboxShards shards;
  private final Revisions revisions;
  private final PungMetrics metrics;

  FanoutHandler(InboxShards shards, Revisions revisions, PungMetrics metrics) {
    this.shards = shards;
    this.revisions = revisions;
    this.metrics = metrics;
  }

  public void handle(List<FanoutMessage> messages) {
    metrics.fanoutBatch.record(() -> apply(messages));
  }

  private void apply(List<FanoutMessage> messages) {
    int count = shards.map().shards();
    List<List<InboxRow>> adds = new ArrayList<>(count);
    List<List<InboxRow>> removes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      adds.add(new ArrayList<>());
      removes.add(new ArrayList<>());
    }
    List<Set<Long>> viewers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      viewers.add(new LinkedHashSet<>());
    }
    for (FanoutMessage m : messages) {
      for (long viewer : m.viewerIds()) {
        Bucket bucket = shards.map().bucketOf(viewer);
        InboxRow row =
            new InboxRow(
                viewer,
                bucket.index(),
                m.pungId(),
                m.authorId(),
                m.text(),
                m.createdAt(),
                m.expiresAt());
        int shard = shards.map().shardOf(bucket);
        (m.kind() == FanoutMessage.Kind.ADD ? adds : removes).get(shard).add(row);
        viewers.get(shard).add(viewer);
      }
    }
    // A viewer's rows all live on one shard, so its bump may start as soon as that shard commits;
    // it then overlaps the next shard's transaction instead of following all of them.
    List<CompletableFuture<?>> bumps = new ArrayList<>(count);
    for (InboxShard shard : shards.all()) {
      List<InboxRow> a = adds.get(shard.index());
      List<InboxRow> r = removes.get(shard.index());
      if (!a.isEmpty() || !r.isEmpty()) {
        shard.apply(a, r);
        metrics.fanoutAdded.increment(a.size());
        metrics.fanoutRemoved.increment(r.size());
        bumps.add(revisions.bumpAsync(viewers.get(shard.index())).toCompletableFuture());
      }
    }
    CompletableFuture.allOf(bumps.toArray(CompletableFuture[]::new)).join();
  }
}
