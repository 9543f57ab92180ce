package dev.surge.transfer;

/** A DELAYED transfer whose window has ended, as the dispatcher hands it out. */
public record DueTransfer(long id, long userId) {}
