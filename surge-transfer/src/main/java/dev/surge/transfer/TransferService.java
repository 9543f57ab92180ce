package dev.surge.transfer;

import dev.surge.transfer.TransferRejectedException.Reason;
import dev.surge.transfer.internal.Digests;
import dev.surge.transfer.internal.TransferMetrics;
import dev.surge.transfer.internal.TransferStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;

/**
 * Accepts, reads and cancels transfers. A request debits the wallet and stores the transfer in one
 * transaction under the wallet lock; the transfer then runs at once if its bank is open, or waits
 * as DELAYED for the end of the bank's maintenance window.
 */
public final class TransferService {

  /** The most transfers a list returns. */
  public static final int MAX_LIST = 100;

  /** The longest accepted idempotency key. */
  public static final int MAX_KEY_LENGTH = 64;

  private static final Logger log = LoggerFactory.getLogger(TransferService.class);

  private final TransferStore store;
  private final Wallets wallets;
  private final BankCalendar calendar;
  private final TransferExecutor executor;
  private final LongSupplier ids;
  private final Clock clock;
  private final TransferMetrics metrics;

  TransferService(
      TransferStore store,
      Wallets wallets,
      BankCalendar calendar,
      TransferExecutor executor,
      LongSupplier ids,
      Clock clock,
      TransferMetrics metrics) {
    this.store = store;
    this.wallets = wallets;
    this.calendar = calendar;
    this.executor = executor;
    this.ids = ids;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Accepts {@code request} for {@code userId} under {@code idempotencyKey}. The same key with the
   * same request returns the existing transfer (replayed); with a different request it is refused
   * with {@link Reason#IDEMPOTENCY_CONFLICT}.
   */
  public SubmitResult submit(long userId, String idempotencyKey, TransferRequest request) {
    validate(idempotencyKey, request);
    Bank bank = calendar.require(request.bankCode());
    String fingerprint = request.fingerprint();
    // Stored as a digest: exact and case-sensitive under any collation (MariaDB's default ignores
    // case and trailing spaces), and of fixed length.
    String key = Digests.sha256(idempotencyKey);
    Optional<SubmitResult> replay = replay(userId, key, fingerprint);
    if (replay.isPresent()) {
      return replay.get();
    }
    Transfer created;
    try {
      created = wallets.locked(userId, () -> create(userId, key, request, bank, fingerprint));
    } catch (DuplicateKeyException e) {
      // Another request with this key committed between the check and the insert.
      return replay(userId, key, fingerprint).orElseThrow(() -> e);
    }
    if (created == null) {
      return replay(userId, key, fingerprint).orElseThrow();
    }
    metrics.submitted(created.status() == TransferStatus.DELAYED ? "delayed" : "immediate");
    if (created.status() == TransferStatus.REQUESTED) {
      try {
        created = executor.execute(created.id(), ExecutionPath.IMMEDIATE).orElse(created);
      } catch (RuntimeException e) {
        // Accepted and debited: the sweeper finishes it; the caller sees it as it stands.
        log.warn("Immediate execution of transfer {} failed; left to the sweeper", created.id(), e);
        created = store.find(created.id()).orElse(created);
      }
    }
    return new SubmitResult(created, false);
  }

  /** Creates the row and debits, inside the wallet lock's transaction; null if the key exists. */
  private Transfer create(
      long userId, String key, TransferRequest request, Bank bank, String fingerprint) {
    if (store.findByKey(userId, key).isPresent()) {
      return null;
    }
    if (!wallets.debitLocked(userId, request.amount())) {
      throw new TransferRejectedException(
          Reason.INSUFFICIENT_BALANCE, "the wallet holds less than " + request.amount());
    }
    // Milliseconds, as stored, so the answer to this request matches every later read.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant openAt = bank.openAt(now);
    boolean open = !openAt.isAfter(now);
    Transfer t =
        new Transfer(
            ids.getAsLong(),
            userId,
            key,
            request.bankCode(),
            request.accountNumber(),
            request.amount(),
            request.memo(),
            open ? TransferStatus.REQUESTED : TransferStatus.DELAYED,
            0,
            0,
            now,
            open ? null : openAt,
            null,
            null);
    store.insert(t, fingerprint);
    return t;
  }

  private Optional<SubmitResult> replay(long userId, String key, String fingerprint) {
    return store
        .findByKey(userId, key)
        .map(
            keyed -> {
              if (!keyed.fingerprint().equals(fingerprint)) {
                throw new TransferRejectedException(
                    Reason.IDEMPOTENCY_CONFLICT,
                    "the Idempotency-Key was already used for a different request");
              }
              metrics.submitted("replayed");
              return new SubmitResult(keyed.transfer(), true);
            });
  }

  /** The user's transfer {@code id}; empty for another user's or an unknown id. */
  public Optional<Transfer> get(long userId, long id) {
    return store.find(id).filter(t -> t.userId() == userId);
  }

  /** The user's transfers, newest first, optionally only those in {@code status}. */
  public List<Transfer> list(long userId, TransferStatus status) {
    return store.list(userId, status, MAX_LIST);
  }

  /**
   * {@code DELAYED -> CANCELED} with the refund, in one transaction under the wallet lock; refused
   * with {@link Reason#WRONG_STATE} in any other state (a dispatch that claimed it first wins).
   */
  public Transfer cancel(long userId, long id) {
    Transfer t =
        get(userId, id)
            .orElseThrow(
                () -> new TransferRejectedException(Reason.NOT_FOUND, "no transfer " + id));
    boolean canceled =
        wallets.locked(
            userId,
            () -> {
              if (!store.cancel(id, userId, clock.instant())) {
                return false;
              }
              wallets.refundLocked(userId, t.amount());
              return true;
            });
    Transfer after = store.find(id).orElseThrow();
    if (!canceled) {
      throw new TransferRejectedException(
          Reason.WRONG_STATE, "only a DELAYED transfer can be canceled; it is " + after.status());
    }
    return after;
  }

  private static void validate(String key, TransferRequest request) {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw new TransferRejectedException(
          Reason.INVALID, "Idempotency-Key must have 1.." + MAX_KEY_LENGTH + " characters");
    }
    if (request.amount() < 1 || request.amount() > TransferRequest.MAX_AMOUNT) {
      throw new TransferRejectedException(
          Reason.INVALID, "amount must be in [1, " + TransferRequest.MAX_AMOUNT + "]");
    }
    if (request.accountNumber() == null || request.accountNumber().isBlank()) {
      throw new TransferRejectedException(Reason.INVALID, "accountNumber is required");
    }
  }
}
