package dev.surge.transfer;

class MariaDbTransferFlowIT extends TransferFlowContract {
  MariaDbTransferFlowIT() {
    super(TestDatabase.Engine.MARIADB);
  }
}
