package dev.surge.gift.internal;

import dev.surge.cache.ValueCodec;
import dev.surge.gift.Product;
import dev.surge.gift.PromotionEntry;
import dev.surge.gift.PromotionPage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A compact binary form of {@link PromotionEntry} for Redis, versioned by its first byte. */
public final class PromotionCodec implements ValueCodec<PromotionEntry> {

  private static final byte FORMAT = 1;

  @Override
  public byte[] encode(PromotionEntry entry) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(entry.id());
      out.writeLong(entry.revision());
      out.writeBoolean(entry.found());
      if (entry.found()) {
        PromotionPage page = entry.page();
        out.writeUTF(page.title());
        out.writeInt(page.products().size());
        for (Product p : page.products()) {
          out.writeLong(p.id());
          out.writeUTF(p.name());
          out.writeLong(p.price());
          out.writeBoolean(p.soldOut());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public PromotionEntry decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown promotion entry format " + format);
      }
      long id = in.readLong();
      long revision = in.readLong();
      if (!in.readBoolean()) {
        return PromotionEntry.missing(id);
      }
      String title = in.readUTF();
      int n = in.readInt();
      if (n < 0 || n > 10_000) {
        throw new IllegalArgumentException("bad product count " + n);
      }
      List<Product> products = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        products.add(new Product(in.readLong(), in.readUTF(), in.readLong(), in.readBoolean()));
      }
      return new PromotionEntry(id, revision, new PromotionPage(id, title, products));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
