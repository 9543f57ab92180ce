package dev.surge.cache.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

class RabbitTickSourceTest {

  @Test
  void parsesGenerationAndSequenceAndRejectsGarbage() {
    assertThat(RabbitTickSource.parse(bytes("3:41"))).containsExactly(3, 41);
    assertThat(RabbitTickSource.parse(bytes("3"))).isNull();
    assertThat(RabbitTickSource.parse(bytes(":1"))).isNull();
    assertThat(RabbitTickSource.parse(bytes("a:1"))).isNull();
    assertThat(RabbitTickSource.parse(bytes("1:"))).isNull();
  }

  @Test
  void badSettingsAreRejectedAtOnce() {
    ConnectionFactory amqp = new ConnectionFactory();
    RedissonClient redisson = Redisson.create(lazyConfig());
    try {
      assertThatThrownBy(() -> RabbitTickSource.builder(amqp, redisson, "bad name"))
          .hasMessageContaining("name");
      RabbitTickSource.Builder b = RabbitTickSource.builder(amqp, redisson, "ok");
      assertThatThrownBy(() -> b.interval(Duration.ofMillis(5))).hasMessageContaining("interval");
      assertThatThrownBy(() -> b.staleAfter(Duration.ZERO)).hasMessageContaining("staleAfter");
      assertThatThrownBy(() -> b.redisPrefix(" ")).hasMessageContaining("redisPrefix");
      assertThatThrownBy(() -> b.interval(Duration.ofSeconds(3)).build())
          .hasMessageContaining("staleAfter");
      RabbitTickSource source = RabbitTickSource.builder(amqp, redisson, "ok").build();
      assertThat(source.workQueue()).isEqualTo("ok.work");
      assertThat(source.delayQueue()).isEqualTo("ok.delay");
    } finally {
      redisson.shutdown();
    }
  }

  private static Config lazyConfig() {
    Config config = new Config();
    config.setLazyInitialization(true);
    config.useSingleServer().setAddress("redis://127.0.0.1:1");
    return config;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
