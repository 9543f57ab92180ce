package dev.surge.app;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the app the way {@code java -jar} does, with command-line arguments. */
final class SurgeRun {

  private SurgeRun() {}

  static ConfigurableApplicationContext start(String... args) {
    return new SpringApplicationBuilder(SurgeApplication.class).run(args);
  }

  static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }
}
