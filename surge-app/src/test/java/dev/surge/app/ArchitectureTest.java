package dev.surge.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of DESIGN.md: libraries depend on no service and not on Spring Boot; services
 * never on each other; only the app knows Spring Boot and HTTP; internals stay internal.
 */
class ArchitectureTest {

  static final String[] LIBRARIES = {"dev.surge.lock..", "dev.surge.cache..", "dev.surge.kafka.."};
  static final String[] SERVICES = {"dev.surge.pung..", "dev.surge.transfer..", "dev.surge.gift.."};

  private static JavaClasses surge;

  @BeforeAll
  static void importSurge() {
    surge =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.surge");
  }

  @Test
  void librariesDependOnNoServiceNorTheAppNorSpringBoot() {
    noClasses()
        .that()
        .resideInAnyPackage(LIBRARIES)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(concat(SERVICES, "dev.surge.app..", "org.springframework.boot.."))
        .check(surge);
  }

  @Test
  void servicesNeverDependOnEachOther() {
    for (String service : SERVICES) {
      noClasses()
          .that()
          .resideInAPackage(service)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(without(SERVICES, service))
          .allowEmptyShould(true)
          .check(surge);
    }
  }

  @Test
  void onlyTheAppKnowsSpringBootAndHttp() {
    noClasses()
        .that()
        .resideInAnyPackage(SERVICES)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.surge.app..", "org.springframework.boot..", "org.springframework.web..")
        .allowEmptyShould(true)
        .check(surge);
  }

  @Test
  void libraryInternalsAreUsedOnlyInsideTheirLibrary() {
    for (String library : new String[] {"lock", "cache", "kafka"}) {
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.surge." + library + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.surge." + library + ".internal..")
          .allowEmptyShould(true)
          .check(surge);
    }
  }

  private static String[] concat(String[] packages, String... more) {
    String[] all = new String[packages.length + more.length];
    System.arraycopy(packages, 0, all, 0, packages.length);
    System.arraycopy(more, 0, all, packages.length, more.length);
    return all;
  }

  private static String[] without(String[] packages, String excluded) {
    return java.util.Arrays.stream(packages)
        .filter(p -> !p.equals(excluded))
        .toArray(String[]::new);
  }
}
