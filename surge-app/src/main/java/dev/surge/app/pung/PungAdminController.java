package dev.surge.app.pung;

import dev.surge.pung.PungSystem;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Resharding the pung inboxes: copying and purging bucket ranges (docs/pung.md). */
@RestController
@RequestMapping("/api/admin/pung/buckets")
class PungAdminController {

  private final PungSystem pungs;

  PungAdminController(PungSystem pungs) {
    this.pungs = pungs;
  }

  /** Copies a bucket range's rows to another shard; repeatable. Runs until done. */
  @PostMapping("/copy")
  PungDtos.RowsBody copy(@Valid @RequestBody PungDtos.CopyBuckets body) {
    return new PungDtos.RowsBody(
        pungs.buckets().copy(body.range(), body.sourceShard(), body.targetShard()));
  }

  /** Deletes a bucket range's rows from a shard the map no longer assigns them to, else 409. */
  @PostMapping("/purge")
  PungDtos.RowsBody purge(@Valid @RequestBody PungDtos.PurgeBuckets body) {
    return new PungDtos.RowsBody(pungs.buckets().purge(body.range(), body.shard()));
  }
}
