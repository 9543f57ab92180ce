package dev.surge.app.lock;

import dev.surge.lock.Locks;
import dev.surge.lock.spring.TransactionalLocks;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.redisson.api.RedissonClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The app's {@link Locks}, on its Redisson client, and the variant that commits before unlock. */
@Configuration(proxyBeanMethods = false)
public class LockConfiguration {

  @Bean
  Locks locks(
      RedissonClient redisson, LockProperties properties, Clock clock, MeterRegistry meters) {
    return Locks.builder(redisson)
        .clock(clock)
        .meterRegistry(meters)
        .defaultOptions(properties.options())
        .releaseTimeout(properties.releaseTimeout())
        .build();
  }

  @Bean
  TransactionalLocks transactionalLocks(Locks locks, PlatformTransactionManager transactions) {
    return new TransactionalLocks(locks, transactions);
  }
}
