package dev.claudemulti.tui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's keyboard lets go of the terminal: a read blocked in native code wakes when the
 * input is closed and waits in Java. The JVM's exit waits up to 300 ms for threads in native code
 * (Java 17), so the dashboard closes its input on the way out.
 */
class PausableInputTest {
    @TempDir
    Path tmp;

    @Test
    void closingWakesABlockedReadIntoAJavaWaitAndResumingReadsOn() throws Exception {
        Path fifo = tmp.resolve("keys");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        // Opened read-write, the writer side never blocks, and the reader's open does not wait for it.
        try (RandomAccessFile writer = new RandomAccessFile(fifo.toFile(), "rw")) {
            PausableInput input = PausableInput.of(fifo);
            CompletableFuture<String> read = new CompletableFuture<>();
            Thread reader = new Thread(
                    () -> {
                        try {
                            byte[] b = new byte[16];
                            int n = input.read(b, 0, b.length);
                            read.complete(new String(b, 0, n, StandardCharsets.UTF_8));
                        } catch (Exception e) {
                            read.completeExceptionally(e);
                        }
                    },
                    "keys-under-test");
            reader.setDaemon(true);
            reader.start();
            assertThat(eventually(() -> inNativeRead(reader)))
                    .as("the reader blocks in native code")
                    .isTrue();

            input.close();

            assertThat(eventually(() -> reader.getState() == Thread.State.WAITING))
                    .as("after close the reader waits in Java, not in native code: " + reader.getState())
                    .isTrue();
            assertThat(read).isNotDone();
            input.resume();
            writer.write("k".getBytes(StandardCharsets.UTF_8));
            assertThat(read.get(20, TimeUnit.SECONDS)).isEqualTo("k");
        }
    }

    private static boolean inNativeRead(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        return t.getState() == Thread.State.RUNNABLE && stack.length > 0 && stack[0].isNativeMethod();
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
