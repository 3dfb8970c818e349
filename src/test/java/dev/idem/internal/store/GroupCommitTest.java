package dev.idem.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GroupCommitTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void aLoneItem_runsAtOnceOnTheCallersThread_asABatchOfOne() {
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        List<Thread> runners = new ArrayList<>();
        GroupCommit<Integer, String> group = new GroupCommit<>(8, items -> {
            batches.add(List.copyOf(items));
            runners.add(Thread.currentThread());
            return items.stream().map(i -> "r" + i).toList();
        });

        assertThat(group.submit(7)).isEqualTo("r7");
        assertThat(group.submit(8)).isEqualTo("r8");

        assertThat(batches).containsExactly(List.of(7), List.of(8));
        assertThat(runners).containsOnly(Thread.currentThread());
    }

    @Test
    void concurrentItems_shareBatches_eachGetsItsOwnResult_andNoBatchExceedsTheLimit() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        GroupCommit<Integer, Integer> group = new GroupCommit<>(4, items -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            sizes.add(items.size());
            sleep(2);
            running.decrementAndGet();
            return items.stream().map(i -> i * 10).toList();
        });

        List<Integer> results = submitAll(group, 16, 25);

        assertThat(results).hasSize(16 * 25);
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i)).isEqualTo(i * 10);
        }
        assertThat(overlaps).as("batches overlapping").hasValue(0);
        assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(1, 4));
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(16 * 25);
        assertThat(sizes).as("some batches held several items").anySatisfy(size -> assertThat(size).isGreaterThan(1));
    }

    @Test
    void aFailedBatch_failsEveryItemInIt_withTheBatchesException_andOnlyThose() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        GroupCommit<Integer, Integer> group = new GroupCommit<>(32, items -> {
            sleep(2);
            if (items.contains(13)) {
                throw boom;
            }
            return items;
        });
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int item = i;
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    return group.submit(item);
                } catch (GroupCommit.BatchFailed e) {
                    return e;
                }
            }));
        }
        start.countDown();

        int failed = 0;
        for (int i = 0; i < futures.size(); i++) {
            Object outcome = futures.get(i).get(10, TimeUnit.SECONDS);
            if (outcome instanceof GroupCommit.BatchFailed e) {
                assertThat(e.getCause()).isSameAs(boom);
                failed++;
            } else {
                assertThat(outcome).isEqualTo(i);
            }
        }
        assertThat(failed).as("13 and its batch mates failed").isBetween(1, 16);
        assertThatThrownBy(() -> group.submit(13)).isInstanceOf(GroupCommit.BatchFailed.class).hasCause(boom)
                .satisfies(e -> assertThat(((GroupCommit.BatchFailed) e).alone()).as("failed alone").isTrue());
        assertThat(group.submit(14)).as("the group runs on after a failure").isEqualTo(14);
    }

    @Test
    void aBatchReturningTheWrongNumberOfResults_failsItsItems() {
        GroupCommit<Integer, Integer> group = new GroupCommit<>(4, items -> List.of());

        assertThatThrownBy(() -> group.submit(1)).isInstanceOf(GroupCommit.BatchFailed.class)
                .hasMessageContaining("returned 0 results");
    }

    @Test
    void theLimit_mustBePositive() {
        assertThatThrownBy(() -> new GroupCommit<Integer, Integer>(0, items -> items))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxItems");
    }

    /** Submits {@code threads * perThread} items, 0 upwards, from {@code threads} threads at once; results by item. */
    private List<Integer> submitAll(GroupCommit<Integer, Integer> group, int threads, int perThread) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Integer>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t * perThread;
            futures.add(pool.submit(() -> {
                start.await();
                List<Integer> own = new ArrayList<>();
                for (int i = first; i < first + perThread; i++) {
                    own.add(group.submit(i));
                }
                return own;
            }));
        }
        start.countDown();
        List<Integer> results = new ArrayList<>();
        for (Future<List<Integer>> future : futures) {
            results.addAll(future.get(20, TimeUnit.SECONDS));
        }
        return results;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
