package dev.surge.app.pung;

import dev.surge.app.security.UserIds;
import dev.surge.pung.PungSystem;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Posting, reading and deleting pungs. */
@RestController
@RequestMapping("/api/pungs")
class PungController {

  private final PungSystem pungs;

  PungController(PungSystem pungs) {
    this.pungs = pungs;
  }

  @PostMapping
  ResponseEntity<PungDtos.PungBody> post(@Valid @RequestBody PungDtos.PostPung body) {
    var pung = pungs.pungs().post(UserIds.current(), body.text(), body.audience().toAudience());
    return ResponseEntity.created(URI.create("/api/pungs/" + pung.id()))
        .body(PungDtos.PungBody.of(pung));
  }

  @GetMapping("/{id}")
  PungDtos.PungBody get(@PathVariable long id) {
    return PungDtos.PungBody.of(pungs.pungs().get(UserIds.current(), id));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable long id) {
    pungs.pungs().delete(UserIds.current(), id);
    return ResponseEntity.noContent().build();
  }
}
