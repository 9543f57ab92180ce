package dev.surge.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class BankTest {

  private static final DailyWindow NIGHT =
      new DailyWindow(LocalTime.of(23, 30), LocalTime.of(0, 30));

  private static Instant seoul(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(DailyWindow.ZONE).toInstant();
  }

  @Test
  void dailyWindowCrossingMidnightClosesBothSides() {
    Bank bank = new Bank("004", "KB", List.of(NIGHT), List.of());

    assertThat(bank.isOpen(seoul("2026-11-25T23:29:59"))).isTrue();
    assertThat(bank.isOpen(seoul("2026-11-25T23:30:00"))).isFalse();
    assertThat(bank.openAt(seoul("2026-11-25T23:45:00"))).isEqualTo(seoul("2026-11-26T00:30:00"));
    assertThat(bank.openAt(seoul("2026-11-26T00:10:00"))).isEqualTo(seoul("2026-11-26T00:30:00"));
    assertThat(bank.isOpen(seoul("2026-11-26T00:30:00"))).isTrue();
  }

  @Test
  void dailyWindowWithinADay() {
    Bank bank =
        new Bank(
            "020",
            "W",
            List.of(new DailyWindow(LocalTime.of(0, 0), LocalTime.of(0, 10))),
            List.of());

    assertThat(bank.isOpen(seoul("2026-11-25T23:59:59"))).isTrue();
    assertThat(bank.openAt(seoul("2026-11-26T00:05:00"))).isEqualTo(seoul("2026-11-26T00:10:00"));
  }

  @Test
  void chainedWindowsOpenAtTheEndOfTheLast() {
    MaintenanceWindow adHoc =
        new MaintenanceWindow(seoul("2026-11-26T00:15:00"), seoul("2026-11-26T02:00:00"));
    MaintenanceWindow touching =
        new MaintenanceWindow(seoul("2026-11-26T02:00:00"), seoul("2026-11-26T03:00:00"));
    Bank bank = new Bank("004", "KB", List.of(NIGHT), List.of(touching, adHoc));

    assertThat(bank.openAt(seoul("2026-11-25T23:40:00"))).isEqualTo(seoul("2026-11-26T03:00:00"));
  }

  @Test
  void adHocWindowIsHalfOpen() {
    Instant start = Instant.parse("2026-11-25T03:00:00Z");
    Instant end = Instant.parse("2026-11-25T04:00:00Z");
    Bank bank = new Bank("090", "K", List.of(), List.of(new MaintenanceWindow(start, end)));

    assertThat(bank.isOpen(start.minusMillis(1))).isTrue();
    assertThat(bank.isOpen(start)).isFalse();
    assertThat(bank.openAt(start)).isEqualTo(end);
    assertThat(bank.isOpen(end)).isTrue();
  }

  @Test
  void degenerateWindowsAreRejected() {
    assertThatThrownBy(() -> new DailyWindow(LocalTime.NOON, LocalTime.NOON))
        .isInstanceOf(IllegalArgumentException.class);
    Instant t = Instant.parse("2026-11-25T03:00:00Z");
    assertThatThrownBy(() -> new MaintenanceWindow(t, t))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fingerprintDistinguishesEveryField() {
    TransferRequest base = new TransferRequest("004", "123", 100, "rent");
    assertThat(base.fingerprint())
        .isEqualTo(new TransferRequest("004", "123", 100, "rent").fingerprint());
    assertThat(base.fingerprint())
        .isNotEqualTo(new TransferRequest("004", "123", 101, "rent").fingerprint())
        .isNotEqualTo(new TransferRequest("088", "123", 100, "rent").fingerprint())
        .isNotEqualTo(new TransferRequest("004", "1234", 100, "rent").fingerprint())
        .isNotEqualTo(new TransferRequest("004", "123", 100, null).fingerprint());
  }

  @Test
  void settingsRejectASweepShorterThanRetries() {
    assertThatThrownBy(
            () ->
                TransferSettings.custom()
                    .backoff(java.time.Duration.ofSeconds(1), java.time.Duration.ofMinutes(1))
                    .maxAttempts(10)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stuckAfter");
  }
}
