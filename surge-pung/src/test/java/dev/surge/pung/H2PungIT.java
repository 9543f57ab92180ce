package dev.surge.pung;

/** The pung contract on H2. */
class H2PungIT extends PungContract {

  @Override
  TestDatabases.Engine engine() {
    return TestDatabases.Engine.H2;
  }
}
