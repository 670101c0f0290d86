package io.renvoi.common.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
    @Test
    void numberedThreadsAreDaemonsNamedInOrder() {
        ThreadFactory f = DaemonThreads.numbered("frontier-fetch");
        Thread first = f.newThread(() -> {});
        Thread second = f.newThread(() -> {});
        assertThat(first.getName()).isEqualTo("frontier-fetch-1");
        assertThat(second.getName()).isEqualTo("frontier-fetch-2");
        assertThat(first.isDaemon()).isTrue();
        assertThat(DaemonThreads.numbered("other").newThread(() -> {}).getName())
                .as("each factory counts on its own")
                .isEqualTo("other-1");
    }

    @Test
    void namedThreadsShareTheirNameAndRunTheirTask() throws InterruptedException {
        boolean[] ran = {false};
        Thread t = DaemonThreads.named("link-check").newThread(() -> ran[0] = true);
        assertThat(t.getName()).isEqualTo("link-check");
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getState()).isEqualTo(Thread.State.NEW);
        t.start();
        t.join();
        assertThat(ran[0]).isTrue();
    }

    @Test
    void aBoundedPoolRejectsBeyondItsThreadsAndQueueAndLetsIdleThreadsEnd() throws InterruptedException {
        ThreadPoolExecutor pool = DaemonThreads.boundedPool("bounded", 1, 1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            pool.execute(() -> awaitQuietly(release)); // runs
            pool.execute(() -> {}); // waits in the queue
            assertThatThrownBy(() -> pool.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
            assertThat(pool.allowsCoreThreadTimeOut()).isTrue();
        } finally {
            release.countDown();
            pool.shutdown();
        }
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.getCompletedTaskCount()).isEqualTo(2);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
