package dev.surge.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Surge application: HTTP API and wiring of the Surge systems over real engines. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SurgeApplication {

  public static void main(String[] args) {
    SpringApplication.run(SurgeApplication.class, args);
  }
}
