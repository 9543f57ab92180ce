package dev.surge.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * Mutual exclusion across several Redisson clients in this JVM and two child JVMs: a non-atomic
 * GET-then-SET counter ends exact and the overlap detector stays at zero.
 */
class OverlapIT {

  private static final int CLIENTS = 3;
  private static final int THREADS_PER_CLIENT = 2;
  private static final int CHILDREN = 2;
  private static final int CHILD_THREADS = 2;
  private static final int INCREMENTS = 40;

  @Test
  void noOverlapsAndNoLostUpdatesAcrossClientsAndJvms() throws Exception {
    String prefix = "surge:test:" + TestRedis.runId();
    List<RedissonClient> clients = new ArrayList<>();
    List<Process> children = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    try {
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(TestRedis.client());
      }
      for (int c = 0; c < CHILDREN; c++) {
        Path log = Files.createTempFile("overlap-child-" + c, ".log");
        logs.add(log);
        children.add(startChild(prefix, log));
      }
      OverlapWorker control = new OverlapWorker(clients.get(0), prefix);
      awaitReady(control);
      clients.get(0).getBucket(prefix + ":go").set("1", Duration.ofMinutes(5));

      List<Thread> threads = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      for (RedissonClient client : clients) {
        OverlapWorker worker = new OverlapWorker(client, prefix);
        Thread thread =
            new Thread(
                () -> {
                  try {
                    OverlapWorker.runThreads(
                        THREADS_PER_CLIENT, INCREMENTS, worker::lockedIncrement);
                  } catch (Throwable t) {
                    synchronized (failures) {
                      failures.add(t);
                    }
                  }
                });
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join(TimeUnit.MINUTES.toMillis(2));
      }
      for (Process child : children) {
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("child finished").isTrue();
        assertThat(child.exitValue())
            .as("child exit code; output:%n%s", Files.readString(logs.get(children.indexOf(child))))
            .isZero();
      }

      assertThat(failures).isEmpty();
      long expected =
          (long) CLIENTS * THREADS_PER_CLIENT * INCREMENTS
              + (long) CHILDREN * CHILD_THREADS * INCREMENTS;
      assertThat(control.overlaps().get()).as("overlapping critical sections").isZero();
      assertThat(Long.parseLong(control.counter().get())).as("lost updates").isEqualTo(expected);
    } finally {
      children.forEach(Process::destroyForcibly);
      clients.forEach(RedissonClient::shutdown);
    }
  }

  @Test
  void theDetectorSeesOverlapsAndLostUpdatesWithoutTheLock() throws Exception {
    String prefix = "surge:test:" + TestRedis.runId();
    RedissonClient client = TestRedis.client();
    try {
      OverlapWorker worker = new OverlapWorker(client, prefix);

      OverlapWorker.runThreads(4, 25, worker::unsafeIncrement);

      assertThat(worker.overlaps().get()).isPositive();
      assertThat(Long.parseLong(worker.counter().get())).isLessThan(100);
    } finally {
      client.shutdown();
    }
  }

  private static void awaitReady(OverlapWorker control) {
    await("child JVMs started")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> control.ready().get() >= CHILDREN);
  }

  private static Process startChild(String prefix, Path log) throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    return new ProcessBuilder(
            java,
            "-Xmx128m",
            "-cp",
            System.getProperty("java.class.path"),
            OverlapWorker.class.getName(),
            TestRedis.ADDRESS,
            prefix,
            Integer.toString(CHILD_THREADS),
            Integer.toString(INCREMENTS))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
