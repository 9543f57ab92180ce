package dev.surge.bench;

import dev.surge.pung.Audience;
import dev.surge.pung.FanoutConsumer;
import dev.surge.pung.FeedItem;
import dev.surge.pung.FeedResult;
import dev.surge.pung.Pung;
import dev.surge.pung.PungSystem;
import dev.surge.testkit.InProcessKafka;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Post-to-visible latency: from calling post until the audience member written last (the highest
 * id) sees the pung in their feed, through the outbox, relay, in-process Kafka, fan-out consumer
 * and inbox. The pull baseline is visible as soon as the post commits. Goal: push p99 under 1 s.
 */
public class PungVisibleScenario implements Scenario {

  static final int POSTS_PER_ROUND = 15;

  private final int audience;
  private InProcessKafka broker;
  private KafkaProducer<String, byte[]> producer;
  private PungBench bench;
  private FanoutConsumer consumer;
  private long author;
  private long lastViewer;
  private final List<Double> pushLatencies = new ArrayList<>();

  public PungVisibleScenario() {
    this(100);
  }

  PungVisibleScenario(int audience) {
    this.audience = audience;
  }

  /** The same with an audience of 1,000. */
  public static final class Thousand extends PungVisibleScenario {
    public Thousand() {
      super(1000);
    }
  }

  @Override
  public String name() {
    return "pung-post-to-visible-" + audience;
  }

  @Override
  public String description() {
    return "post-to-visible p99 ms, audience " + audience + "; goal push p99 < 1000 ms";
  }

  @Override
  public String metric() {
    return "p99_ms";
  }

  @Override
  public boolean higherIsBetter() {
    return false;
  }

  @Override
  public void setUp() throws Exception {
    broker = InProcessKafka.start();
    String topic = "pung-visible";
    broker.createTopic(topic, 6);
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    bench = new PungBench(producer, topic);
    long base = PungBench.nextId() >>> 20;
    author = base;
    long[] viewers = LongStream.rangeClosed(1, audience).map(i -> base + i).toArray();
    lastViewer = viewers[viewers.length - 1];
    bench.befriendAll(new long[] {author}, viewers);
    bench.push.relay().start();
    consumer =
        FanoutConsumer.create(
            bench.push, broker.bootstrapServers(), "bench-" + bench.prefix, 8, Map.of(), null);
    consumer.start();
    // Warm the path once so the consumer has its partitions before measuring.
    round(bench.push, null);
  }

  @Override
  public List<Variant> variants() {
    return List.of(
        Variant.of("pull", () -> round(bench.pull, null)),
        Variant.of(Variant.SURGE, () -> round(bench.push, pushLatencies)));
  }

  private double round(PungSystem system, List<Double> all) throws Exception {
    double[] latencies = new double[POSTS_PER_ROUND];
    for (int i = 0; i < POSTS_PER_ROUND; i++) {
      long start = System.nanoTime();
      Pung pung = system.pungs().post(author, "visible?", Audience.allFriends());
      while (!visible(system, pung.id())) {
        if (System.nanoTime() - start > 30_000_000_000L) {
          throw new IllegalStateException("pung " + pung.id() + " not visible after 30 s");
        }
        Thread.sleep(1);
      }
      latencies[i] = (System.nanoTime() - start) / 1e6;
      if (all != null) {
        synchronized (all) {
          all.add(latencies[i]);
        }
      }
    }
    return Measure.percentile(latencies, 99);
  }

  private boolean visible(PungSystem system, long pungId) {
    FeedResult.Page page = (FeedResult.Page) system.feed().read(lastViewer, null, 1, null);
    return page.items().stream().map(FeedItem::id).anyMatch(id -> id == pungId);
  }

  @Override
  public void tearDown() {
    if (!pushLatencies.isEmpty()) {
      double[] all = pushLatencies.stream().mapToDouble(Double::doubleValue).toArray();
      System.out.printf(
          "  push post-to-visible over %d posts: p50 %.1f ms, p99 %.1f ms%n",
          all.length, Measure.percentile(all, 50), Measure.percentile(all, 99));
    }
    if (consumer != null) {
      consumer.close();
    }
    if (bench != null) {
      bench.push.relay().close();
      bench.close();
    }
    if (producer != null) {
      producer.close();
    }
    if (broker != null) {
      broker.close();
    }
  }
}
