package io.rapport.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The load generator: a fixed number of workers, each on its own keep-alive connection, sending requests
 * back to back (closed loop) for a warm-up and then a measured time. Latencies are recorded in
 * microseconds and sorted at the end for the percentiles.
 */
final class Load {
    /** What a scenario sends: the bytes of the next request of a worker. */
    interface Requests {
        byte[] next(int worker, long n, SplittableRandom random);
    }

    /** The figures of one scenario. */
    static final class Result {
        final String name;
        final double seconds;
        final long ok;
        /** Non-2xx answers by status, and failed exchanges (no answer) under -1. */
        final Map<Integer, Long> errors;
        final int[] micros;
        /** The first answer's body (2xx), when asked for; the first error's body or reason. */
        final String sample;
        final String firstError;

        Result(String name, double seconds, long ok, Map<Integer, Long> errors, int[] micros, String sample, String firstError) {
            this.name = name;
            this.seconds = seconds;
            this.ok = ok;
            this.errors = errors;
            this.micros = micros;
            this.sample = sample;
            this.firstError = firstError;
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Answers (2xx) per second. */
        double perSecond() {
            return ok / seconds;
        }

        /** The percentile (0-100) of all measured requests' latency, in milliseconds. */
        double percentileMillis(double p) {
            if (micros.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100.0 * micros.length) - 1;
            return micros[Math.max(0, Math.min(micros.length - 1, i))] / 1000.0;
        }

        String errorSummary() {
            if (errors.isEmpty()) {
                return "0";
            }
            StringBuilder sb = new StringBuilder().append(errorCount()).append(" (");
            errors.forEach((status, n) -> sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ")
                    .append(status < 0 ? "no answer" : String.valueOf(status)).append(" x").append(n));
            return sb.append(')').toString();
        }
    }

    private static final class Worker {
        int[] micros = new int[4096];
        int count;
        long ok;
        final Map<Integer, Long> errors = new TreeMap<>();
        String sample;
        String firstError;
        long lastEnd;

        void record(long nanos) {
            if (count == micros.length) {
                micros = Arrays.copyOf(micros, count * 2);
            }
            micros[count++] = (int) Math.min(Integer.MAX_VALUE, nanos / 1000);
        }
    }

    /**
     * Runs a scenario: requests started after the warm-up and before the end are measured, including one
     * that ends late (its time then stretches the measured seconds), so that a stuck request shows.
     */
    static Result run(String name, String host, int port, int workers, double warmupSeconds, double seconds,
            boolean keepSample, Requests requests) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        Worker[] state = new Worker[workers];
        CountDownLatch done = new CountDownLatch(workers);
        for (int w = 0; w < workers; w++) {
            Worker me = state[w] = new Worker();
            int worker = w;
            Thread t = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(31L * worker + 7);
                try (HttpConnection c = new HttpConnection(host, port)) {
                    long n = 0;
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            break;
                        }
                        byte[] request = requests.next(worker, n++, random);
                        boolean keep = keepSample && me.sample == null;
                        int status;
                        String failure = null;
                        try {
                            status = c.exchange(request, keep);
                        } catch (IOException e) {
                            status = -1;
                            failure = e.toString();
                        }
                        long t1 = System.nanoTime();
                        // every request started in the measured window counts, even one that ends late
                        if (t0 < measureFrom) {
                            continue;
                        }
                        me.lastEnd = Math.max(me.lastEnd, t1);
                        me.record(t1 - t0);
                        if (status >= 200 && status < 300) {
                            me.ok++;
                            if (keepSample && me.sample == null && c.body != null) {
                                me.sample = new String(c.body, StandardCharsets.UTF_8);
                            }
                        } else {
                            me.errors.merge(status, 1L, Long::sum);
                            if (me.firstError == null) {
                                me.firstError = status + " " + (failure != null ? failure
                                        : c.body == null ? "" : new String(c.body, StandardCharsets.UTF_8));
                            }
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "load-" + name + "-" + w);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        int total = 0;
        for (Worker w : state) {
            total += w.count;
        }
        int[] all = new int[total];
        int at = 0;
        long ok = 0;
        Map<Integer, Long> errors = new TreeMap<>();
        String sample = null;
        String firstError = null;
        for (Worker w : state) {
            System.arraycopy(w.micros, 0, all, at, w.count);
            at += w.count;
            ok += w.ok;
            w.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            sample = sample == null ? w.sample : sample;
            firstError = firstError == null ? w.firstError : firstError;
        }
        Arrays.sort(all);
        long lastEnd = end;
        for (Worker w : state) {
            lastEnd = Math.max(lastEnd, w.lastEnd);
        }
        return new Result(name, (lastEnd - measureFrom) / 1e9, ok, errors, all, sample, firstError);
    }

    /** Outcome of a fixed list of requests sent by several workers (setup work such as links). */
    static final class Batch {
        final double seconds;
        final long ok;
        final Map<Integer, Long> errors;
        final List<String> bodies;
        final String firstError;

        Batch(double seconds, long ok, Map<Integer, Long> errors, List<String> bodies, String firstError) {
            this.seconds = seconds;
            this.ok = ok;
            this.errors = errors;
            this.bodies = bodies;
            this.firstError = firstError;
        }
    }

    /** Sends {@code count} requests ({@code request.apply(i)}) with {@code workers} connections; keeps bodies when asked. */
    static Batch batch(String host, int port, int workers, int count, boolean keepBodies, IntFunction<byte[]> request)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        String[] bodies = keepBodies ? new String[count] : null;
        Map<Integer, Long> errors = new TreeMap<>();
        String[] firstError = new String[1];
        long[] ok = new long[1];
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(() -> {
                try (HttpConnection c = new HttpConnection(host, port)) {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        int status;
                        String failure = null;
                        try {
                            status = c.exchange(request.apply(i), true);
                        } catch (IOException e) {
                            status = -1;
                            failure = e.toString();
                        }
                        String body = failure != null ? failure : c.body == null ? "" : new String(c.body, StandardCharsets.UTF_8);
                        synchronized (errors) {
                            if (status >= 200 && status < 300) {
                                ok[0]++;
                                if (bodies != null) {
                                    bodies[i] = body;
                                }
                            } else {
                                errors.merge(status, 1L, Long::sum);
                                if (firstError[0] == null) {
                                    firstError[0] = status + " " + body;
                                }
                            }
                        }
                    }
                }
            }, "batch-" + w);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Batch(seconds, ok[0], errors, bodies == null ? List.of() : Arrays.asList(bodies), firstError[0]);
    }
}
