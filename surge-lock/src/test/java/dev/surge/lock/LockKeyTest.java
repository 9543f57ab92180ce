package dev.surge.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LockKeyTest {

  @Test
  void rendersTypeAndIdToOneRedisKey() {
    LockKey key = LockKey.of("wallet", 42L);

    assertThat(key.type()).isEqualTo("wallet");
    assertThat(key.id()).isEqualTo("42");
    assertThat(key.redisKey()).isEqualTo("surge:lock:wallet:42");
    assertThat(key).hasToString("wallet:42");
  }

  @Test
  void equalKeysForEqualTypeAndId() {
    assertThat(LockKey.of("wallet", 42L)).isEqualTo(LockKey.of("wallet", "42"));
    assertThat(LockKey.of("wallet", 42L)).isNotEqualTo(LockKey.of("transfer", 42L));
  }

  @Test
  void rejectsTypesThatAreNotShortLowerCaseIdentifiers() {
    for (String bad : new String[] {"", "Wallet", "1wallet", "wallet:x", "wal let", "wallet-x"}) {
      assertThatThrownBy(() -> LockKey.of(bad, 1))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("lock type")
          .hasMessageContaining("'" + bad + "'");
    }
    assertThatThrownBy(() -> LockKey.of("a".repeat(LockKey.MAX_TYPE_LENGTH + 1), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(LockKey.of("a".repeat(LockKey.MAX_TYPE_LENGTH), 1).type())
        .hasSize(LockKey.MAX_TYPE_LENGTH);
    assertThat(LockKey.of("gift_promo2", 1).type()).isEqualTo("gift_promo2");
  }

  @Test
  void rejectsNullAndBlankParts() {
    assertThatThrownBy(() -> LockKey.of(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("type");
    assertThatThrownBy(() -> LockKey.of("wallet", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("wallet");
    assertThatThrownBy(() -> LockKey.of("wallet", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
  }
}
