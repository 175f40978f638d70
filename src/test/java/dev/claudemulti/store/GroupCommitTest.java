package dev.claudemulti.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One fsync for all that was written while the previous one ran; nothing durable before its fsync returns. */
class GroupCommitTest {
    private static final Path FILE = Path.of("journal.jsonl");

    /** An fsync that waits until released, and counts itself. */
    private static final class HeldForce implements GroupCommit.Force {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        volatile IOException fail;

        @Override
        public void force() throws IOException {
            calls.incrementAndGet();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            if (fail != null) {
                throw fail;
            }
        }
    }

    @Test
    void entriesWrittenDuringAnFsyncShareTheNextOne() throws Exception {
        HeldForce force = new HeldForce();
        GroupCommit commit = new GroupCommit(FILE, force);
        CompletableFuture<Void> first = commit.written(1);
        assertThat(force.entered.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Void>> later = new ArrayList<>();
        for (long t = 2; t <= 50; t++) {
            later.add(commit.written(t));
        }
        // The fsync that covers entry 1 has not returned: nothing is durable yet.
        assertThat(first).isNotDone();
        assertThat(later).noneMatch(CompletableFuture::isDone);
        force.release.countDown();
        CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(first).isCompleted();
        // Entries 2..50 were written after the first fsync began: one more fsync covers them all.
        assertThat(force.calls.get()).isEqualTo(2);
        assertThat(commit.forces()).isEqualTo(2);
        commit.close();
    }

    @Test
    void futuresCompleteInTheOrderOfTheirEntries() throws Exception {
        HeldForce force = new HeldForce();
        GroupCommit commit = new GroupCommit(FILE, force);
        List<Long> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (long t = 1; t <= 20; t++) {
            long ticket = t;
            all.add(commit.written(t).thenRun(() -> order.add(ticket)));
        }
        force.release.countDown();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(order).isSorted().hasSize(20);
        commit.close();
    }

    @Test
    void afterAFailedFsyncNothingIsReportedDurable() throws Exception {
        HeldForce force = new HeldForce();
        force.fail = new IOException("Input/output error");
        GroupCommit commit = new GroupCommit(FILE, force);
        CompletableFuture<Void> first = commit.written(1);
        force.release.countDown();
        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(StoreException.class)
                .hasMessageContaining("cannot write journal journal.jsonl");
        // The kernel may have dropped the pages it could not write: a later fsync proves nothing.
        force.fail = null;
        assertThat(commit.written(2)).isCompletedExceptionally();
        commit.close();
    }

    @Test
    void closeWaitsUntilWhatWasWrittenIsOnDisk() throws Exception {
        HeldForce force = new HeldForce();
        GroupCommit commit = new GroupCommit(FILE, force);
        CompletableFuture<Void> pending = commit.written(1);
        assertThat(force.entered.await(10, TimeUnit.SECONDS)).isTrue();
        Thread closer = new Thread(commit::close);
        closer.start();
        closer.join(200);
        assertThat(closer.isAlive()).as("close returned before the fsync did").isTrue();
        force.release.countDown();
        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(pending).isCompleted();
    }
}
