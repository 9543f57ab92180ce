package dev.surge.bench;

import dev.surge.pung.Revisions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;

/**
 * Redis CPU per viewer of a fan-out's revision bump, the share of fan-out that runs on the Redis
 * server: {@link Revisions#bump} (one script per 500 viewers: one value past the floor, {@code SET
 * XX KEEPTTL} per viewer) against the least any bump can do, one pipelined plain {@code SET} per
 * viewer. Every viewer holds a revision; the calls carry {@value #PER_CALL} viewers, as one shard's
 * part of a 10 x 500 fan-out batch. CPU is read from {@code INFO cpu}, so the machine's Redis must
 * be otherwise idle for the figure to mean anything.
 */
public class PungRevisionBumpScenario implements Scenario {

  static final int VIEWERS = 200_000;
  static final int PER_CALL = 2_500;

  private RedissonClient redis;
  private String prefix;
  private Revisions revisions;
  private long[] viewers;

  @Override
  public String name() {
    return "pung-revision-bump";
  }

  @Override
  public String description() {
    return "Redis CPU us per bumped viewer, "
        + VIEWERS
        + " viewers in calls of "
        + PER_CALL
        + ": Revisions.bump vs one pipelined SET per viewer";
  }

  @Override
  public String metric() {
    return "redis_cpu_us_per_viewer";
  }

  @Override
  public boolean higherIsBetter() {
    return false;
  }

  @Override
  public void setUp() throws Exception {
    redis = BenchRedis.client();
    prefix = "surge-bench:bump:" + PungBench.nextId() + ":";
    revisions = new Revisions(redis, prefix, Revisions.DEFAULT_TTL);
    viewers = LongStream.range(0, VIEWERS).toArray();
    Measure.forEachParallel(8, viewers, revisions::current);
  }

  @Override
  public List<Variant> variants() {
    return List.of(
        Variant.of("set-per-viewer", () -> redisCpuPerViewer(this::setEach)),
        Variant.of(Variant.SURGE, () -> redisCpuPerViewer(revisions::bump)));
  }

  private void setEach(List<Long> chunk) {
    RBatch batch = redis.createBatch();
    String value = Long.toString(System.nanoTime());
    for (long viewer : chunk) {
      batch.<String>getBucket(prefix + "fv:" + viewer, StringCodec.INSTANCE).setAsync(value);
    }
    batch.execute();
  }

  private double redisCpuPerViewer(java.util.function.Consumer<List<Long>> bump) {
    double before = redisCpuSeconds();
    List<Long> chunk = new ArrayList<>(PER_CALL);
    for (long viewer : viewers) {
      chunk.add(viewer);
      if (chunk.size() == PER_CALL) {
        bump.accept(chunk);
        chunk = new ArrayList<>(PER_CALL);
      }
    }
    return (redisCpuSeconds() - before) * 1e6 / viewers.length;
  }

  private double redisCpuSeconds() {
    Map<String, String> cpu =
        redis.getRedisNodes(RedisNodes.SINGLE).getInstance().info(RedisNode.InfoSection.CPU);
    return Double.parseDouble(cpu.get("used_cpu_user"))
        + Double.parseDouble(cpu.get("used_cpu_sys"));
  }

  @Override
  public void tearDown() {
    if (redis != null) {
      redis.getKeys().deleteByPattern(prefix + "*");
      redis.shutdown();
    }
  }
}
