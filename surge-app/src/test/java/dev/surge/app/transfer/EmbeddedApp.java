package dev.surge.app.transfer;

import dev.surge.app.SurgeApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The app in embedded mode for one test class, on a free port with its data in a fresh temporary
 * directory, plus a client and an admin token: register it in a static {@code RegisterExtension}
 * field; it starts before the class's first test and is closed (its directory deleted) after the
 * last.
 */
final class EmbeddedApp implements BeforeAllCallback, AfterAllCallback {

  private final Clock clock;
  private final String[] args;
  private Path dataDir;
  private ConfigurableApplicationContext context;
  private Client client;
  private String admin;

  /** The app on its own clock, with these command-line arguments besides port and data dir. */
  EmbeddedApp(String... args) {
    this(null, args);
  }

  /** The same with {@code clock} as the app's clock bean (none: the app's own). */
  EmbeddedApp(Clock clock, String... args) {
    this.clock = clock;
    this.args = args.clone();
  }

  Client client() {
    return client;
  }

  /** A token of user 1 with the ADMIN role. */
  String admin() {
    return admin;
  }

  @Override
  public void beforeAll(ExtensionContext extension) throws IOException {
    dataDir = Files.createTempDirectory("surge-app-it");
    SpringApplicationBuilder builder = new SpringApplicationBuilder(SurgeApplication.class);
    if (clock != null) {
      builder.initializers(c -> c.getBeanFactory().registerSingleton("clock", clock));
    }
    String[] all = new String[args.length + 2];
    all[0] = "--server.port=0";
    all[1] = "--surge.embedded.data-dir=" + dataDir;
    System.arraycopy(args, 0, all, 2, args.length);
    context = builder.run(all);
    client = new Client(((WebServerApplicationContext) context).getWebServer().getPort());
    admin = client.token(1, "ADMIN");
  }

  @Override
  public void afterAll(ExtensionContext extension) throws IOException {
    if (context != null) {
      context.close();
    }
    if (dataDir != null) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }
}
