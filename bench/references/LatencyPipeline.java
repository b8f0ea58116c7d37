/*
 * The latency benchmark's reference: Eventline's Kafka hops and nothing else, written with
 * Kafka's own Java client in the layout of Eventline's handler (not Kafka's standard
 * exactly-once loop: see below), run in one JVM against the same broker, at the same rates,
 * over the same topics' layout and keys.
 *
 *   load       --(acks=all, idempotent)-->  <prefix>commands
 *   handler    per commands partition a read_committed consumer and a transactional producer
 *              of its own (Eventline's handler has one per partition too, which is how a new
 *              owner fences the old); per poll one transaction writing an event, an outcome
 *              and a snapshot record per command to the same partition number. Eventline keeps
 *              its position in the snapshot record rather than in consumer offsets, so no
 *              offsets are committed here either: three records, three requests a transaction
 *              (Kafka 4's broker and client use transaction.version 2 where the broker has it,
 *              which adds the partitions implicitly; kafkajs cannot).
 *   subscriber read_committed consumer of <prefix>events, assigned every partition
 *
 * Each command's value starts with its scheduled send time (System.nanoTime, one clock: one
 * JVM), and the subscriber times it from there, open loop, as the Eventline load process
 * does. No WebSocket, JSON, Avro or deciding: what is left is what Kafka and its client take
 * on this machine, the floor of Eventline's "command sent -> event received".
 *
 * Run by bench/references/latency-pipeline.ts in source-file mode (java -cp <kafka jars>
 * LatencyPipeline.java name=value ...); prints one JSON line per rate on stdout.
 */
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public class LatencyPipeline {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final List<String> OUTPUT_TOPICS = List.of("events", "outcomes", "snapshots");
  /** After a rate's schedule ends, how long its last events may take to arrive. */
  private static final long DRAIN_NS = 10_000_000_000L;

  private final Map<String, String> options;
  private final String brokers;
  private final String prefix;
  private final int partitions;
  private final AtomicBoolean running = new AtomicBoolean(true);
  /** Latency (ns) of each event whose command was scheduled inside the current window. */
  private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
  private final AtomicLong windowStart = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong windowEnd = new AtomicLong(Long.MAX_VALUE);
  private volatile Throwable failure;

  private LatencyPipeline(Map<String, String> options) {
    this.options = options;
    this.brokers = option("brokers");
    this.prefix = option("prefix");
    this.partitions = Integer.parseInt(option("partitions"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (equals < 1) throw new IllegalArgumentException("expected name=value, got: " + arg);
      options.put(arg.substring(0, equals), arg.substring(equals + 1));
    }
    new LatencyPipeline(options).run();
  }

  private String option(String name) {
    String value = options.get(name);
    if (value == null) throw new IllegalArgumentException("missing option " + name + "=...");
    return value;
  }

  private long longOption(String name) {
    return Long.parseLong(option(name));
  }

  /** As Eventline produces: acks=all, idempotent, each record sent at once (kafkajs has no linger). */
  private Properties producerProperties() {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", brokers);
    properties.put("acks", "all");
    properties.put("enable.idempotence", "true");
    properties.put("linger.ms", "0");
    properties.put("key.serializer", ByteArraySerializer.class.getName());
    properties.put("value.serializer", ByteArraySerializer.class.getName());
    return properties;
  }

  private Properties consumerProperties() {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", brokers);
    properties.put("isolation.level", "read_committed");
    properties.put("enable.auto.commit", "false");
    properties.put("key.deserializer", ByteArrayDeserializer.class.getName());
    properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
    return properties;
  }

  private Thread start(String name, Runnable body) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (Throwable error) {
        failure = error;
        running.set(false);
      }
    }, name);
    thread.start();
    return thread;
  }

  /** One partition's handler; counts `ready` down once it reads from the end and can write. */
  private void handle(int partition, CountDownLatch ready) {
    Properties producerProperties = producerProperties();
    producerProperties.put("transactional.id", prefix + "handler-" + partition);
    // Java's default (100 ms, growing) after CONCURRENT_TRANSACTIONS would dominate; Eventline retries after 5 ms.
    producerProperties.put("retry.backoff.ms", "5");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties)) {
      producer.initTransactions();
      TopicPartition commands = new TopicPartition(prefix + "commands", partition);
      consumer.assign(List.of(commands));
      consumer.seekToEnd(List.of(commands));
      consumer.position(commands);
      ready.countDown();
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
        if (batch.isEmpty()) continue;
        producer.beginTransaction();
        for (ConsumerRecord<byte[], byte[]> command : batch) {
          for (String topic : OUTPUT_TOPICS) {
            producer.send(new ProducerRecord<>(prefix + topic, partition, command.key(), command.value()));
          }
        }
        producer.commitTransaction();
      }
    }
  }

  private void subscribe(CountDownLatch ready) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
      List<TopicPartition> events = new ArrayList<>();
      for (int partition = 0; partition < partitions; partition++) events.add(new TopicPartition(prefix + "events", partition));
      consumer.assign(events);
      consumer.seekToEnd(events);
      for (TopicPartition partition : events) consumer.position(partition);
      ready.countDown();
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> event : consumer.poll(POLL)) {
          long received = System.nanoTime();
          long scheduled = ByteBuffer.wrap(event.value()).getLong(0);
          if (scheduled >= windowStart.get() && scheduled < windowEnd.get()) latencies.add(received - scheduled);
        }
      }
    }
  }

  private void run() throws Exception {
    int[] rates = Arrays.stream(option("rates").split(",")).mapToInt(Integer::parseInt).toArray();
    int keyCount = Integer.parseInt(option("keys"));
    int recordBytes = Integer.parseInt(option("recordBytes"));
    long firstWarmupNs = longOption("firstWarmupMs") * 1_000_000L;
    long warmupNs = longOption("warmupMs") * 1_000_000L;
    long durationNs = longOption("durationMs") * 1_000_000L;

    List<Thread> threads = new ArrayList<>();
    CountDownLatch ready = new CountDownLatch(partitions + 1);
    for (int partition = 0; partition < partitions; partition++) {
      int own = partition;
      threads.add(start("handler-" + partition, () -> handle(own, ready)));
    }
    threads.add(start("subscriber", () -> subscribe(ready)));
    while (!ready.await(100, TimeUnit.MILLISECONDS)) {
      if (failure != null) throw new IllegalStateException("the reference pipeline failed to start", failure);
    }
    byte[][] keys = new byte[keyCount][];
    for (int index = 0; index < keyCount; index++) keys[index] = UUID.randomUUID().toString().getBytes();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
      long sent = 0;
      for (int rateIndex = 0; rateIndex < rates.length && running.get(); rateIndex++) {
        int rate = rates[rateIndex];
        long intervalNs = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long measureFrom = start + (rateIndex == 0 ? firstWarmupNs : warmupNs);
        long measureTo = measureFrom + durationNs;
        // The window first: a straggler of the previous rate is then outside it, not counted here.
        windowStart.set(measureFrom);
        windowEnd.set(measureTo);
        latencies.clear();
        // Open loop: each command goes at its scheduled time, whatever the answers.
        for (long index = 0; running.get(); ) {
          long due = start + index * intervalNs;
          if (due >= measureTo) break;
          long now = System.nanoTime();
          if (due > now) {
            LockSupport.parkNanos(Math.min(due - now, 1_000_000L));
            continue;
          }
          byte[] value = new byte[recordBytes];
          ByteBuffer.wrap(value).putLong(0, due);
          producer.send(new ProducerRecord<>(prefix + "commands", keys[(int) (sent++ % keyCount)], value));
          index++;
        }
        long expected = durationNs / intervalNs;
        long drainUntil = System.nanoTime() + DRAIN_NS;
        while (latencies.size() < expected && System.nanoTime() < drainUntil && running.get()) Thread.sleep(50);
        report(rate, expected);
      }
    } finally {
      running.set(false);
      for (Thread thread : threads) thread.join();
    }
    if (failure != null) throw new IllegalStateException("the reference pipeline failed", failure);
  }

  private void report(int rate, long expected) {
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.println(String.format(Locale.ROOT,
        "{\"ratePerSec\":%d,\"expected\":%d,\"count\":%d,\"p50Ms\":%.3f,\"p90Ms\":%.3f,\"p99Ms\":%.3f,\"maxMs\":%.3f}",
        rate, expected, sorted.length, percentileMs(sorted, 0.50), percentileMs(sorted, 0.90), percentileMs(sorted, 0.99), percentileMs(sorted, 1.0)));
  }

  /** Nearest rank. */
  private static double percentileMs(long[] sorted, double quantile) {
    if (sorted.length == 0) return 0;
    int rank = (int) Math.ceil(quantile * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }
}
