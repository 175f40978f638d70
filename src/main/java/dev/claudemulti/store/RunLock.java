package dev.claudemulti.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The right to run a run's sessions: an exclusive lock on {@code run.lock} in the run directory,
 * held by the orchestrator for as long as it runs the batch. The OS drops it when the process
 * dies, even by SIGKILL, so a crashed run can be resumed, and two resumes of one run started at
 * the same moment cannot both launch its sessions (paying for each task twice).
 */
public final class RunLock implements Closeable {
    private final FileChannel channel;

    private RunLock(FileChannel channel) {
        this.channel = channel;
    }

    /** Takes the lock of the run in {@code runDir}, or returns null at once if another holder has it. */
    static RunLock tryTake(Path runDir) throws StoreException {
        Path file = runDir.resolve("run.lock");
        FileChannel channel;
        try {
            channel = PrivateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw StoreException.io("cannot open", file, e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new RunLock(channel);
            }
        } catch (OverlappingFileLockException e) {
            // held by this JVM (commands run in-process): held all the same
        } catch (IOException e) {
            closeQuietly(channel);
            throw StoreException.io("cannot lock", file, e);
        }
        closeQuietly(channel);
        return null;
    }

    /** Releases the lock (closing the channel does). */
    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the lock goes with the channel, or with the process
        }
    }
}
