package dev.claudemulti.store;

import java.nio.file.Path;
import java.util.List;

/**
 * The root of the state directory: {@code runs/<run-id>/...} and {@code orchestrator.log}.
 * The store package is the only code that writes under it.
 */
public final class StateDir {
    /**
     * Opens (creating if needed) a state directory and proves it writable by writing, fsyncing
     * and deleting a probe file: a missing parent that cannot be created, a read-only directory
     * or a full disk fail here, before any session starts.
     */
    public static StateDir open(Path root) throws StoreException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Opens an existing state directory for reading only (status, list, result...). */
    public static StateDir existing(Path root) throws StoreException {
        throw new UnsupportedOperationException("TODO");
    }

    public Path root() {
        throw new UnsupportedOperationException("TODO");
    }

    public Path orchestratorLog() {
        throw new UnsupportedOperationException("TODO");
    }

    /** A new run directory with a fresh id that sorts by time (e.g. 20261124-120003-a1b2). */
    public RunStore createRun() throws StoreException {
        throw new UnsupportedOperationException("TODO");
    }

    /** Run ids, oldest first. */
    public List<String> runIds() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The newest run, or a StoreException "no runs in DIR" if there is none. */
    public RunStore latestRun() throws StoreException {
        throw new UnsupportedOperationException("TODO");
    }

    /** An existing run, or a StoreException "unknown run ID (see claude-multi list)". */
    public RunStore openRun(String runId) throws StoreException {
        throw new UnsupportedOperationException("TODO");
    }
}
