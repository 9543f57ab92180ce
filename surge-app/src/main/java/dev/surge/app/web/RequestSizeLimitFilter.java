package dev.surge.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rejects request bodies above a limit with 413: at once when Content-Length says so, otherwise
 * while the body is read (chunked uploads), so a huge body never reaches a parser whole.
 */
public final class RequestSizeLimitFilter extends OncePerRequestFilter {

  private final long maxBytes;
  private final JsonMapper json;

  public RequestSizeLimitFilter(DataSize max, JsonMapper json) {
    if (max.toBytes() <= 0) {
      throw new IllegalArgumentException("surge.http.max-body-size must be positive, was " + max);
    }
    this.maxBytes = max.toBytes();
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      Problems.write(
          json,
          response,
          Problems.of(
              HttpStatus.CONTENT_TOO_LARGE,
              "The request body is larger than " + maxBytes + " bytes.",
              request));
      return;
    }
    chain.doFilter(new Limited(request, maxBytes), response);
  }

  /** Whether {@code e} was caused by a body cut off at the limit. */
  static boolean isBodyTooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BodyTooLargeException) {
        return true;
      }
    }
    return false;
  }

  /** Thrown from the body stream once more than the limit has been read. */
  static final class BodyTooLargeException extends IOException {
    BodyTooLargeException(long max) {
      super("request body exceeds " + max + " bytes");
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long max;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long max) {
      super(request);
      this.max = max;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), max);
      }
      return stream;
    }
  }

  private static final class CountingStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long max;
    private long read;

    CountingStream(ServletInputStream in, long max) {
      this.in = in;
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws BodyTooLargeException {
      read += n;
      if (read > max) {
        throw new BodyTooLargeException(max);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
