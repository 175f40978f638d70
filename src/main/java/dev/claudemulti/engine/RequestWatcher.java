package dev.claudemulti.engine;

import dev.claudemulti.store.OrchestratorLog;
import dev.claudemulti.store.PrivateFiles;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * Wakes the scheduler when another process drops a request into the run's {@code requests/}
 * directory. Uses the file system's change notification (inotify on Linux), so an idle run
 * costs nothing.
 */
final class RequestWatcher implements AutoCloseable {
    private final WatchService watcher;
    private final Thread thread;

    private RequestWatcher(WatchService watcher, Runnable onRequest) {
        this.watcher = watcher;
        this.thread = new Thread(
                () -> {
                    try {
                        while (true) {
                            WatchKey key = watcher.take();
                            key.pollEvents();
                            onRequest.run();
                            if (!key.reset()) {
                                return;
                            }
                        }
                    } catch (InterruptedException | ClosedWatchServiceException e) {
                        // closed: the run is over
                    }
                },
                "request-watcher");
        thread.setDaemon(true);
    }

    /** Watches {@code dir} (created if missing); returns null, after logging, if watching is impossible. */
    static RequestWatcher start(Path dir, Runnable onRequest, OrchestratorLog log) {
        try {
            PrivateFiles.createDirectories(dir);
            WatchService w = FileSystems.getDefault().newWatchService();
            dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            RequestWatcher rw = new RequestWatcher(w, onRequest);
            rw.thread.start();
            return rw;
        } catch (IOException e) {
            log.log("cannot watch " + dir + " for stop/kill requests from other processes", e);
            return null;
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
