package dev.surge.pung;

/** The pung contract on MariaDb. */
class MariaDbPungIT extends PungContract {

  @Override
  TestDatabases.Engine engine() {
    return TestDatabases.Engine.MARIADB;
  }
}
