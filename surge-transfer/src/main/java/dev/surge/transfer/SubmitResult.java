package dev.surge.transfer;

/** The outcome of a submit: the transfer and whether it already existed under the same key. */
public record SubmitResult(Transfer transfer, boolean replayed) {}
