package dev.surge.app.infra;

import dev.surge.app.infra.embedded.EmbeddedRedis;
import java.util.List;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/** The one RedissonClient of the app, pointed at the embedded redis-server or at surge.redis.*. */
@Configuration(proxyBeanMethods = false)
public class RedisConfiguration {

  @Bean(destroyMethod = "shutdown")
  RedissonClient redissonClient(
      RedisProperties properties, ObjectProvider<EmbeddedRedis> embedded) {
    EmbeddedRedis engine = embedded.getIfAvailable();
    List<String> addresses = engine != null ? List.of(engine.address()) : properties.addresses();
    RedisProperties.Mode mode = engine != null ? RedisProperties.Mode.SINGLE : properties.mode();
    if (addresses == null || addresses.isEmpty()) {
      throw new IllegalStateException("surge.redis.addresses is empty and embedded Redis is off");
    }
    return Redisson.create(config(properties, mode, addresses));
  }

  static Config config(
      RedisProperties properties, RedisProperties.Mode mode, List<String> addresses) {
    Config config = new Config();
    String password = StringUtils.hasText(properties.password()) ? properties.password() : null;
    int timeout = (int) properties.timeout().toMillis();
    int connectTimeout = (int) properties.connectTimeout().toMillis();
    switch (mode) {
      case SINGLE -> {
        if (addresses.size() != 1) {
          throw new IllegalStateException(
              "surge.redis.mode=SINGLE takes one address: " + addresses);
        }
        config
            .useSingleServer()
            .setAddress(addresses.get(0))
            .setDatabase(properties.database())
            .setPassword(password)
            .setTimeout(timeout)
            .setConnectTimeout(connectTimeout);
      }
      case SENTINEL -> {
        if (!StringUtils.hasText(properties.masterName())) {
          throw new IllegalStateException(
              "surge.redis.mode=SENTINEL needs surge.redis.master-name");
        }
        config
            .useSentinelServers()
            .setMasterName(properties.masterName())
            .addSentinelAddress(addresses.toArray(String[]::new))
            .setDatabase(properties.database())
            .setPassword(password)
            .setTimeout(timeout)
            .setConnectTimeout(connectTimeout);
      }
      case CLUSTER ->
          config
              .useClusterServers()
              .addNodeAddress(addresses.toArray(String[]::new))
              .setPassword(password)
              .setTimeout(timeout)
              .setConnectTimeout(connectTimeout);
    }
    return config;
  }
}
