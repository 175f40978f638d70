package dev.claudemulti.workspace;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises changes to one repository's worktree list and branches: git takes its own
 * {@code index.lock}/{@code config.lock} without waiting, so two {@code git worktree add} at once
 * make one of them fail. Two layers, because a file lock is held per process, not per thread: an
 * in-process lock per repository, then an OS file lock in the repository's common git directory
 * that another orchestrator (or another state directory) takes too.
 *
 * <p>Guaranteed: while held, no other claude-multi thread or process changes the repository's
 * worktrees through this lock. Not guaranteed: anything about git commands the user runs meanwhile
 * (callers retry a lock failure for that).
 */
public final class RepoLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock fileLock;

    private RepoLock(ReentrantLock local, FileChannel channel, FileLock fileLock) {
        this.local = local;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Waits for and takes the lock of the repository whose common git directory is {@code gitCommonDir}. */
    public static RepoLock acquire(Path gitCommonDir) throws IOException {
        Path key = gitCommonDir.toAbsolutePath().normalize();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        local.lock();
        try {
            FileChannel channel = FileChannel.open(
                    key.resolve("claude-multi-worktrees.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new RepoLock(local, channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            local.unlock();
        }
    }
}
