package dev.surge.transfer;

class H2TransferFlowIT extends TransferFlowContract {
  H2TransferFlowIT() {
    super(TestDatabase.Engine.H2);
  }
}
