package dev.surge.cache;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns cached values into the bytes stored in Redis (L2) and back; the caller provides it so the
 * cache never guesses a serialization format.
 *
 * @param <V> the value type
 */
public interface ValueCodec<V> {

  byte[] encode(V value);

  V decode(byte[] bytes);

  /** A codec for strings as UTF-8. */
  static ValueCodec<String> utf8() {
    return of(s -> s.getBytes(StandardCharsets.UTF_8), b -> new String(b, StandardCharsets.UTF_8));
  }

  /** A codec from two functions, e.g. a JSON mapper's write and read methods. */
  static <V> ValueCodec<V> of(Function<V, byte[]> encoder, Function<byte[], V> decoder) {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(decoder, "decoder");
    return new ValueCodec<>() {
      @Override
      public byte[] encode(V value) {
        return encoder.apply(value);
      }

      @Override
      public V decode(byte[] bytes) {
        return decoder.apply(bytes);
      }
    };
  }
}
