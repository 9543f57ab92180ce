package dev.surge.pung.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One Kafka record of fan-out: add a pung to, or remove it from, the inboxes of a chunk of viewers.
 * Carries the pung's fields so consumers write inbox rows without reading the main database.
 */
public record FanoutMessage(
    Kind kind,
    long pungId,
    long authorId,
    String text,
    long createdAt,
    long expiresAt,
    long[] viewerIds) {

  private static final byte VERSION = 1;
  private static final Kind[] KINDS = Kind.values();

  /** What to do with the viewers' inbox rows. */
  public enum Kind {
    ADD,
    REMOVE
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + viewerIds.length * 8);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeByte(kind.ordinal());
      out.writeLong(pungId);
      out.writeLong(authorId);
      out.writeUTF(text);
      out.writeLong(createdAt);
      out.writeLong(expiresAt);
      out.writeInt(viewerIds.length);
      for (long viewer : viewerIds) {
        out.writeLong(viewer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reverses {@link #encode}; throws {@link IllegalArgumentException} for malformed bytes. */
  public static FanoutMessage decode(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown fan-out message version " + version);
      }
      byte ordinal = in.readByte();
      if (ordinal < 0 || ordinal >= KINDS.length) {
        throw new IllegalArgumentException("unknown fan-out message kind " + ordinal);
      }
      Kind kind = KINDS[ordinal];
      long pungId = in.readLong();
      long authorId = in.readLong();
      String text = in.readUTF();
      long createdAt = in.readLong();
      long expiresAt = in.readLong();
      int count = in.readInt();
      // Checked before allocating, so a garbage count cannot ask for gigabytes.
      if (count < 0 || count > in.available() / Long.BYTES) {
        throw new IllegalArgumentException(
            "fan-out message claims " + count + " viewers in " + in.available() + " bytes");
      }
      long[] viewers = new long[count];
      for (int i = 0; i < viewers.length; i++) {
        viewers[i] = in.readLong();
      }
      return new FanoutMessage(kind, pungId, authorId, text, createdAt, expiresAt, viewers);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed fan-out message", e);
    }
  }
}
