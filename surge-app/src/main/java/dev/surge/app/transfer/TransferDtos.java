package dev.surge.app.transfer;

import dev.surge.transfer.Bank;
import dev.surge.transfer.BankReceipt;
import dev.surge.transfer.DailyWindow;
import dev.surge.transfer.DispatchMode;
import dev.surge.transfer.MaintenanceWindow;
import dev.surge.transfer.Transfer;
import dev.surge.transfer.TransferStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Request and response bodies of the wallet, bank and transfer endpoints. */
final class TransferDtos {

  static final String MAX_AMOUNT = "1000000000000";
  static final String HH_MM = "([01][0-9]|2[0-3]):[0-5][0-9]";
  private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm");

  private TransferDtos() {}

  /** An amount of KRW: a positive whole number up to one trillion. */
  record CreditRequest(
      @NotNull @Positive @Digits(integer = 13, fraction = 0) @DecimalMax(MAX_AMOUNT)
          BigDecimal amount) {}

  record WalletResponse(long userId, long balance) {}

  record CreateTransferRequest(
      @NotBlank @Size(max = 16) String bankCode,
      @NotBlank
          @Size(max = 32)
          @Pattern(
              regexp = "[0-9A-Za-z][0-9A-Za-z-]*",
              message = "must be letters, digits and dashes")
          String accountNumber,
      @NotNull @Positive @Digits(integer = 13, fraction = 0) @DecimalMax(MAX_AMOUNT)
          BigDecimal amount,
      @Size(max = 100) String memo) {}

  record TransferResponse(
      String id,
      TransferStatus status,
      long amount,
      String bankCode,
      String accountNumber,
      String memo,
      Instant createdAt,
      Instant scheduledAt,
      Instant completedAt,
      String failureReason) {

    static TransferResponse of(Transfer t) {
      return new TransferResponse(
          Long.toString(t.id()),
          t.status(),
          t.amount(),
          t.bankCode(),
          t.accountNumber(),
          t.memo(),
          t.createdAt(),
          t.scheduledAt(),
          t.completedAt(),
          t.failureReason());
    }
  }

  record DailyDto(
      @NotNull @Pattern(regexp = HH_MM, message = "must be HH:mm") String start,
      @NotNull @Pattern(regexp = HH_MM, message = "must be HH:mm") String end) {

    static DailyDto of(DailyWindow w) {
      return new DailyDto(HOUR_MINUTE.format(w.start()), HOUR_MINUTE.format(w.end()));
    }
  }

  record WindowDto(@NotNull Instant start, @NotNull Instant end) {

    static WindowDto of(MaintenanceWindow w) {
      return new WindowDto(w.start(), w.end());
    }
  }

  record MaintenanceRequest(
      @Valid @Size(max = 24) List<@NotNull DailyDto> daily,
      @Valid @Size(max = 100) List<@NotNull WindowDto> windows) {}

  record BankResponse(
      String code,
      String name,
      boolean open,
      Instant nextOpenAt,
      List<DailyDto> daily,
      List<WindowDto> windows) {

    static BankResponse of(Bank bank, Instant now) {
      Instant openAt = bank.openAt(now);
      boolean open = !openAt.isAfter(now);
      return new BankResponse(
          bank.code(),
          bank.name(),
          open,
          open ? null : openAt,
          bank.daily().stream().map(DailyDto::of).toList(),
          bank.windows().stream().map(WindowDto::of).toList());
    }
  }

  record DepositResponse(
      String transferId, String bankCode, String accountNumber, long amount, Instant at) {

    static DepositResponse of(BankReceipt r) {
      return new DepositResponse(
          Long.toString(r.transferId()), r.bankCode(), r.accountNumber(), r.amount(), r.at());
    }
  }

  record BankSimRequest(
      @Min(0) @Max(60_000) Long latencyMs,
      @DecimalMin("0.0") @DecimalMax("1.0") Double failureRate) {}

  record BankSimResponse(long latencyMs, double failureRate) {}

  record DispatchModeRequest(@NotNull DispatchMode mode) {}

  record DispatchModeResponse(DispatchMode mode) {}

  record DispatchRunResponse(boolean ran, DispatchMode mode, int dispatched, int deferred) {}
}
