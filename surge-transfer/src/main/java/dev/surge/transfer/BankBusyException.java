package dev.surge.transfer;

/**
 * The bank's rate limit gave no permit in time; the transfer was not touched and is executed on a
 * later try, so a consumer retries it (keeping the user's later transfers behind it).
 */
public final class BankBusyException extends RuntimeException {

  public BankBusyException(String bankCode) {
    super("no permit for bank " + bankCode + " within the wait", null, false, false);
  }
}
