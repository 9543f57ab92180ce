package dev.surge.transfer.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/** The {@code surge.transfer.*} meters; tags name paths and outcomes, never users. */
public final class TransferMetrics {

  public static final String EXECUTIONS = "surge.transfer.executions";
  public static final String DISPATCHED = "surge.transfer.dispatched";
  public static final String SUBMITTED = "surge.transfer.submitted";
  public static final String SWEPT = "surge.transfer.swept";
  public static final String BANK_THROTTLED = "surge.transfer.bank.throttled";

  private final MeterRegistry registry;

  public TransferMetrics(MeterRegistry registry) {
    this.registry = registry != null ? registry : new CompositeMeterRegistry();
  }

  public void executed(String path, String outcome) {
    Counter.builder(EXECUTIONS)
        .description("Transfer executions by dispatch path and outcome")
        .tag("path", path)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  public void dispatched(String path, int count) {
    Counter.builder(DISPATCHED)
        .description("Due delayed transfers handed out, by path (kafka or direct)")
        .tag("path", path)
        .register(registry)
        .increment(count);
  }

  public void submitted(String outcome) {
    Counter.builder(SUBMITTED).tag("outcome", outcome).register(registry).increment();
  }

  public void swept(String outcome) {
    Counter.builder(SWEPT).tag("outcome", outcome).register(registry).increment();
  }

  public void throttled(String bankCode) {
    Counter.builder(BANK_THROTTLED).tag("bank", bankCode).register(registry).increment();
  }
}
