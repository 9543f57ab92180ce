package dev.surge.pung;

import java.util.Objects;
import java.util.Set;

/** Who a new pung is for: every friend at posting time, or chosen friends. */
public sealed interface Audience permits Audience.AllFriends, Audience.Selected {

  /** The most viewers a selected audience may name. */
  int MAX_SELECTED = 5000;

  static Audience allFriends() {
    return AllFriends.INSTANCE;
  }

  static Audience selected(Set<Long> userIds) {
    return new Selected(userIds);
  }

  /** Every friend of the author at the moment of posting. */
  enum AllFriends implements Audience {
    INSTANCE
  }

  /** These users, each of whom must be a friend of the author. */
  record Selected(Set<Long> userIds) implements Audience {
    public Selected {
      userIds = Set.copyOf(Objects.requireNonNull(userIds, "userIds"));
      if (userIds.isEmpty() || userIds.size() > MAX_SELECTED) {
        throw new IllegalArgumentException(
            "a selected audience names 1.." + MAX_SELECTED + " users, was " + userIds.size());
      }
    }
  }
}
