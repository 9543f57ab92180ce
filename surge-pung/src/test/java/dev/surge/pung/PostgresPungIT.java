package dev.surge.pung;

/** The pung contract on Postgres. */
class PostgresPungIT extends PungContract {

  @Override
  TestDatabases.Engine engine() {
    return TestDatabases.Engine.POSTGRES;
  }
}
