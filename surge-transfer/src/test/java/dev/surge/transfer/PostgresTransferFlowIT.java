package dev.surge.transfer;

class PostgresTransferFlowIT extends TransferFlowContract {
  PostgresTransferFlowIT() {
    super(TestDatabase.Engine.POSTGRES);
  }
}
