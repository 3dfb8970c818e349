package dev.idem.internal.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Runs the items that many threads submit at about the same time as one batch, so that they
 * share one statement and one commit. There is no timer and no thread of its own: the first
 * thread to arrive while no batch runs becomes the leader and runs its item together with every
 * item already waiting (up to {@code maxItems}); threads arriving meanwhile wait for the next
 * batch, whose leader is one of them. A lone request therefore runs at once, as it would
 * unbatched; batches grow only while the statement itself is the bottleneck.
 *
 * <p>Each submitter gets its own item's result once its batch has committed, never earlier.
 * When a batch fails, every item of it is reported as failed ({@link BatchFailed}) and its
 * submitter decides what to do, typically run the item alone, so that one bad item cannot fail
 * the others.
 *
 * <p>Thread-safe.
 *
 * @param <I> an item
 * @param <O> an item's result
 */
final class GroupCommit<I, O> {
    private final int maxItems;
    private final Function<List<I>, List<O>> batch;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Slot<I, O>> waiting = new ArrayDeque<>();
    private boolean running;

    /**
     * @param maxItems most items in one batch
     * @param batch    runs the items as one unit and returns their results in the same order
     */
    GroupCommit(int maxItems, Function<List<I>, List<O>> batch) {
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be at least 1, was " + maxItems);
        }
        this.maxItems = maxItems;
        this.batch = Objects.requireNonNull(batch, "batch");
    }

    /**
     * Runs {@code item} in the next batch and returns its result.
     *
     * @throws BatchFailed when its batch failed; the cause is the batch's exception
     */
    O submit(I item) {
        Slot<I, O> own = new Slot<>(item, lock.newCondition());
        List<Slot<I, O>> taken;
        lock.lock();
        try {
            waiting.add(own);
            while (running && !own.done) {
                own.wake.awaitUninterruptibly();
            }
            if (own.done) {
                return own.result();
            }
            running = true;
            taken = take(own);
        } finally {
            lock.unlock();
        }
        run(taken);
        return own.result();
    }

    /** The leader's batch: its own item first, then the oldest waiting ones. Holds the lock. */
    private List<Slot<I, O>> take(Slot<I, O> own) {
        waiting.remove(own);
        List<Slot<I, O>> taken = new ArrayList<>(Math.min(maxItems, waiting.size() + 1));
        taken.add(own);
        while (taken.size() < maxItems && !waiting.isEmpty()) {
            taken.add(waiting.poll());
        }
        return taken;
    }

    private void run(List<Slot<I, O>> taken) {
        List<O> results = null;
        RuntimeException failure = null;
        try {
            List<I> items = new ArrayList<>(taken.size());
            for (Slot<I, O> slot : taken) {
                items.add(slot.item);
            }
            results = batch.apply(items);
            if (results.size() != taken.size()) {
                failure = new IllegalStateException("A batch of " + taken.size() + " items returned "
                        + results.size() + " results");
            }
        } catch (RuntimeException | Error e) {
            failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            if (e instanceof Error error) {
                finish(taken, null, failure);
                throw error;
            }
        }
        finish(taken, results, failure);
    }

    private void finish(List<Slot<I, O>> taken, List<O> results, RuntimeException failure) {
        lock.lock();
        try {
            for (int i = 0; i < taken.size(); i++) {
                Slot<I, O> slot = taken.get(i);
                if (failure == null) {
                    slot.result = results.get(i);
                } else {
                    slot.failure = failure;
                    slot.batchSize = taken.size();
                }
                slot.done = true;
            }
            running = false;
            // Wake exactly the threads with something to do: each whose item is done, and the
            // oldest waiting one, which leads the next batch (unless a newcomer already does).
            for (Slot<I, O> slot : taken) {
                slot.wake.signal();
            }
            Slot<I, O> next = waiting.peek();
            if (next != null) {
                next.wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** One submitted item. Its fields are written and read under the lock. */
    private static final class Slot<I, O> {
        final I item;
        /** Signalled when the item is done or its thread may lead the next batch. */
        final Condition wake;
        boolean done;
        O result;
        RuntimeException failure;
        int batchSize;

        Slot(I item, Condition wake) {
            this.item = item;
            this.wake = wake;
        }

        O result() {
            if (failure != null) {
                throw new BatchFailed(failure, batchSize);
            }
            return result;
        }
    }

    /** The batch that held the item failed; the cause is what the batch threw. */
    static final class BatchFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int items;

        BatchFailed(RuntimeException cause, int items) {
            super(cause.getMessage(), cause);
            this.items = items;
        }

        /** Whether the item failed in a batch of its own, so that running it alone again would only repeat the failure. */
        boolean alone() {
            return items == 1;
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }
}
