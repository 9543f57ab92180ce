package dev.surge.app.pung;

import dev.surge.app.security.UserIds;
import dev.surge.pung.PungSystem;
import jakarta.validation.constraints.Positive;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Mutual friendships. */
@RestController
@RequestMapping("/api/friends")
class FriendController {

  private final PungSystem pungs;

  FriendController(PungSystem pungs) {
    this.pungs = pungs;
  }

  @PutMapping("/{friendId}")
  ResponseEntity<Void> befriend(@PathVariable @Positive long friendId) {
    pungs.friends().befriend(UserIds.current(), friendId);
    return ResponseEntity.noContent().build();
  }

  @DeleteMapping("/{friendId}")
  ResponseEntity<Void> unfriend(@PathVariable @Positive long friendId) {
    pungs.friends().unfriend(UserIds.current(), friendId);
    return ResponseEntity.noContent().build();
  }

  @GetMapping
  PungDtos.FriendsBody friends() {
    return new PungDtos.FriendsBody(pungs.friends().friends(UserIds.current()));
  }
}
