package dev.surge.transfer;

import dev.surge.lock.Locks;
import dev.surge.lock.spring.TransactionalLocks;
import dev.surge.transfer.internal.TransferMetrics;
import dev.surge.transfer.internal.TransferStore;
import dev.surge.transfer.internal.WalletStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delayed-transfer service wired together over one database: wallets, the bank calendar, the
 * transfer service, its executor, dispatcher and sweeper. Build one per application with {@link
 * #builder}; the schema comes from the {@code db/main} migrations of this module.
 */
public final class TransferSystem {

  private final Wallets wallets;
  private final BankCalendar calendar;
  private final BankSimulator simulator;
  private final BankGateway gateway;
  private final TransferExecutor executor;
  private final TransferService transfers;
  private final TransferDispatcher dispatcher;
  private final TransferSweeper sweeper;
  private final DispatchModes modes;
  private final BankRateLimits rateLimits;

  private TransferSystem(Builder b) {
    JdbcTemplate jdbc = new JdbcTemplate(b.dataSource);
    PlatformTransactionManager tx =
        b.transactionManager != null
            ? b.transactionManager
            : new DataSourceTransactionManager(b.dataSource);
    TransactionalLocks txLocks = new TransactionalLocks(b.locks, tx);
    TransferMetrics metrics = new TransferMetrics(b.meterRegistry);
    TransferStore store = new TransferStore(jdbc);
    this.wallets = new Wallets(new WalletStore(jdbc), txLocks);
    this.calendar = new BankCalendar(jdbc, new TransactionTemplate(tx), b.calendarRefresh, b.clock);
    this.simulator = new BankSimulator(jdbc, calendar, b.clock);
    this.gateway = b.gateway != null ? b.gateway : simulator;
    this.rateLimits =
        new BankRateLimits(b.settings.bankPermitsPerSecond(), b.settings.bankPermitWait());
    this.executor =
        new TransferExecutor(
            store, wallets, calendar, gateway, rateLimits, b.settings, b.clock, metrics);
    this.transfers =
        new TransferService(store, wallets, calendar, executor, b.ids, b.clock, metrics);
    this.modes = new DispatchModes(jdbc, b.initialMode);
    this.dispatcher =
        new TransferDispatcher(
            store, executor, modes, b.publisher, b.locks, b.settings, b.clock, metrics);
    this.sweeper = new TransferSweeper(store, executor, gateway, b.settings, b.clock, metrics);
  }

  /** A builder over {@code dataSource}, with {@code locks} for wallets and dispatch. */
  public static Builder builder(DataSource dataSource, Locks locks, LongSupplier ids) {
    return new Builder(dataSource, locks, ids);
  }

  public Wallets wallets() {
    return wallets;
  }

  public BankCalendar calendar() {
    return calendar;
  }

  /** The embedded banks' simulator (the gateway unless another one was given). */
  public BankSimulator simulator() {
    return simulator;
  }

  public BankGateway gateway() {
    return gateway;
  }

  public TransferService transfers() {
    return transfers;
  }

  public TransferExecutor executor() {
    return executor;
  }

  public TransferDispatcher dispatcher() {
    return dispatcher;
  }

  public TransferSweeper sweeper() {
    return sweeper;
  }

  public DispatchModes modes() {
    return modes;
  }

  public BankRateLimits rateLimits() {
    return rateLimits;
  }

  /** Settings of a {@link TransferSystem}; the data source, locks and ids are required. */
  public static final class Builder {
    private final DataSource dataSource;
    private final Locks locks;
    private final LongSupplier ids;
    private PlatformTransactionManager transactionManager;
    private Clock clock = Clock.systemUTC();
    private MeterRegistry meterRegistry;
    private TransferSettings settings = TransferSettings.DEFAULTS;
    private BankGateway gateway;
    private DuePublisher publisher;
    private DispatchMode initialMode = DispatchMode.KAFKA;
    private Duration calendarRefresh = BankCalendar.DEFAULT_REFRESH;

    private Builder(DataSource dataSource, Locks locks, LongSupplier ids) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      this.locks = Objects.requireNonNull(locks, "locks");
      this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** The transaction manager of {@code dataSource}; one is created if not given. */
    public Builder transactionManager(PlatformTransactionManager transactionManager) {
      this.transactionManager = Objects.requireNonNull(transactionManager, "transactionManager");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    public Builder settings(TransferSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** The banks; the built-in {@link BankSimulator} unless set. */
    public Builder gateway(BankGateway gateway) {
      this.gateway = Objects.requireNonNull(gateway, "gateway");
      return this;
    }

    /** Where KAFKA mode publishes; without one the dispatcher always executes directly. */
    public Builder publisher(DuePublisher publisher) {
      this.publisher = Objects.requireNonNull(publisher, "publisher");
      return this;
    }

    /** The dispatch mode until one is set through {@link DispatchModes#set}. */
    public Builder initialMode(DispatchMode initialMode) {
      this.initialMode = Objects.requireNonNull(initialMode, "initialMode");
      return this;
    }

    /** See {@link BankCalendar#DEFAULT_REFRESH}. */
    public Builder calendarRefresh(Duration calendarRefresh) {
      Objects.requireNonNull(calendarRefresh, "calendarRefresh");
      if (calendarRefresh.isNegative()) {
        throw new IllegalArgumentException("calendarRefresh must be >= 0");
      }
      this.calendarRefresh = calendarRefresh;
      return this;
    }

    public TransferSystem build() {
      return new TransferSystem(this);
    }
  }
}
