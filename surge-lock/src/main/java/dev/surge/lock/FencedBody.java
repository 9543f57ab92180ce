package dev.surge.lock;

/**
 * A critical section that receives the fencing token of its lock acquisition.
 *
 * <p>Tokens of one key increase with every acquisition, so storage that remembers the last token it
 * accepted ({@code UPDATE ... SET fence = :token WHERE id = :id AND fence < :token}) rejects the
 * writes of a holder whose lease expired while it was paused.
 */
@FunctionalInterface
public interface FencedBody<T> {

  T apply(long fencingToken);
}
