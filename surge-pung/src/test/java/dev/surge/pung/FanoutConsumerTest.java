package dev.surge.pung;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.kafka.NonRetryableException;
import dev.surge.pung.internal.FanoutMessage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FanoutConsumerTest {

  private static final byte[] VALID =
      new FanoutMessage(FanoutMessage.Kind.ADD, 7, 8, "text", 1, 2, new long[] {3, 4}).encode();

  /** Offset of the viewer count: it is followed by the two viewer ids. */
  private static final int COUNT_AT = VALID.length - 2 * Long.BYTES - Integer.BYTES;

  @Test
  void decodesAValidRecord() {
    FanoutMessage message = FanoutConsumer.decode(VALID);
    assertThat(message.pungId()).isEqualTo(7);
    assertThat(message.viewerIds()).containsExactly(3, 4);
  }

  @Test
  void malformedBytesAreNotRetryable() {
    byte[][] garbage = {
      {},
      {1},
      {9, 0},
      {1, 2},
      {1, -1},
      Arrays.copyOf(VALID, VALID.length - 1),
      withCount(-1),
      withCount(Integer.MAX_VALUE),
      withCount(3),
    };
    for (byte[] value : garbage) {
      assertThatThrownBy(() -> FanoutConsumer.decode(value))
          .as(Arrays.toString(value))
          .isInstanceOf(NonRetryableException.class)
          .hasMessageStartingWith("undecodable fan-out record")
          .hasCauseInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> FanoutConsumer.decode(null)).isInstanceOf(NonRetryableException.class);
  }

  private static byte[] withCount(int count) {
    byte[] value = VALID.clone();
    ByteBuffer.wrap(value).putInt(COUNT_AT, count);
    return value;
  }
}
