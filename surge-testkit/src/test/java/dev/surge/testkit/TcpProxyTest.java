package dev.surge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

  private ServerSocket echo;
  private TcpProxy proxy;

  @BeforeEach
  void startEcho() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try {
                  Socket s = echo.accept();
                  new Thread(() -> echoBack(s)).start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    proxy = TcpProxy.to("127.0.0.1", echo.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  @Test
  void forwardsBothWays() throws IOException {
    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      assertThat(roundTrip(s, "ping")).isEqualTo("ping");
    }
  }

  @Test
  void cutClosesOpenConnectionsAndRefusesNewOnesUntilRestored() throws IOException {
    try (Socket open = new Socket("127.0.0.1", proxy.port())) {
      assertThat(roundTrip(open, "a")).isEqualTo("a");
      proxy.cut();
      open.setSoTimeout(2_000);
      assertThat(open.getInputStream().read()).isEqualTo(-1);
    }
    try (Socket refused = new Socket("127.0.0.1", proxy.port())) {
      refused.setSoTimeout(2_000);
      assertThat(refused.getInputStream().read()).isEqualTo(-1);
    }
    proxy.restore();
    try (Socket again = new Socket("127.0.0.1", proxy.port())) {
      assertThat(roundTrip(again, "b")).isEqualTo("b");
    }
  }

  @Test
  void blackholeAcceptsButAnswersNothing() throws IOException {
    proxy.blackhole();
    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(300);
      s.getOutputStream().write('x');
      assertThatThrownBy(() -> s.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
    }
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    s.setSoTimeout(2_000);
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes());
    out.flush();
    byte[] buffer = new byte[text.length()];
    InputStream in = s.getInputStream();
    int read = 0;
    while (read < buffer.length) {
      int n = in.read(buffer, read, buffer.length - read);
      if (n < 0) {
        break;
      }
      read += n;
    }
    return new String(buffer, 0, read);
  }

  private static void echoBack(Socket s) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException ignored) {
      // peer closed
    }
  }
}
