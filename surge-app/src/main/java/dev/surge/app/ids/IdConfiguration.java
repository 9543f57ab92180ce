package dev.surge.app.ids;

import java.time.Clock;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The app's id generator. Its node id is {@code surge.ids.node} when set, otherwise taken from a
 * Redis counter at startup, so instances sharing a Redis get distinct node ids (up to 1024 live).
 */
@Configuration(proxyBeanMethods = false)
public class IdConfiguration {

  static final String NODE_COUNTER = "surge:ids:node";

  private static final Logger log = LoggerFactory.getLogger(IdConfiguration.class);

  @Bean
  TimeOrderedIds timeOrderedIds(
      Clock clock, RedissonClient redisson, @Value("${surge.ids.node:-1}") int configured) {
    int node =
        configured >= 0
            ? configured
            : (int) Math.floorMod(redisson.getAtomicLong(NODE_COUNTER).incrementAndGet(), 1024L);
    log.info("Id generator node={}", node);
    return new TimeOrderedIds(clock, node);
  }
}
