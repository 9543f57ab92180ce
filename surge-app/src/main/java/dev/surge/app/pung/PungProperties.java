package dev.surge.app.pung;

import dev.surge.pung.Bucket;
import dev.surge.pung.FanoutConsumer;
import dev.surge.pung.OutboxRelay;
import dev.surge.pung.PungSystem;
import dev.surge.pung.ReadModel;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the pung feed ({@code surge.pung.*}).
 *
 * @param ttl how long a pung lives
 * @param readModel PUSH (inbox rows) or PULL (join at read time, the baseline)
 * @param buckets logical inbox buckets; fixed for the life of the data
 * @param bucketMap which shard holds each bucket, e.g. {@code 0-511=0,512-1023=1}; empty spreads
 *     buckets evenly over {@code surge.shards.databases}
 * @param topic the fan-out topic
 * @param chunkSize viewer ids per fan-out record
 * @param fanoutConcurrency fan-out handler threads per instance
 * @param relayInterval how often the outbox relay looks for work when not woken by a post
 * @param purgeInterval how often expired rows are purged
 * @param keyPrefix prefix of the Redis keys (revisions)
 */
@ConfigurationProperties("surge.pung")
public record PungProperties(
    @DefaultValue("PT24H") Duration ttl,
    @DefaultValue("PUSH") ReadModel readModel,
    @DefaultValue("" + Bucket.DEFAULT_COUNT) int buckets,
    @DefaultValue("") String bucketMap,
    @DefaultValue(PungSystem.DEFAULT_TOPIC) String topic,
    @DefaultValue("" + OutboxRelay.DEFAULT_CHUNK_SIZE) int chunkSize,
    @DefaultValue("" + FanoutConsumer.DEFAULT_CONCURRENCY) int fanoutConcurrency,
    @DefaultValue("PT0.2S") Duration relayInterval,
    @DefaultValue("PT1M") Duration purgeInterval,
    @DefaultValue(PungSystem.DEFAULT_KEY_PREFIX) String keyPrefix) {}
