package dev.claudemulti.launch.local;

import dev.claudemulti.launch.local.ProcTable.Proc;
import dev.claudemulti.launch.local.ProcTable.ProcId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which processes belong to a session: the processes carrying its marker, the roots it was given,
 * every process ever seen as a member (while it lives: a child re-parented to pid 1 when its parent
 * died stays a member), and all descendants of those.
 */
final class Members {
    private static final long SELF = ProcessHandle.current().pid();

    private final String marker;
    private final long markersSince;
    private final Set<ProcId> known = ConcurrentHashMap.newKeySet();

    /** @param marker the session marker, or null to follow only the roots */
    Members(String marker, List<ProcId> roots) {
        this.marker = marker;
        known.addAll(roots);
        // Fixed at the start: the roots may exit, but nothing of theirs can be older than them.
        this.markersSince = roots.stream().mapToLong(ProcId::startTicks).min().orElse(0);
    }

    /**
     * Processes started before this (clock ticks after boot) cannot carry the marker: the earliest
     * root's start, or 0 (all) without roots.
     */
    long markersSince() {
        return markersSince;
    }

    /** The live members in this table. Remembers them, and forgets members that have exited. */
    @SuppressWarnings("ModifyCollectionInEnhancedForLoop") // a concurrent set: removal while iterating is defined
    List<Proc> collect(ProcTable table) {
        Deque<Proc> pending = new ArrayDeque<>();
        for (ProcId id : known) {
            Proc proc = table.live(id);
            if (proc == null) {
                known.remove(id);
            } else {
                pending.add(proc);
            }
        }
        if (marker != null) {
            pending.addAll(table.liveMatching(p -> marker.equals(p.marker())));
        }
        Set<Long> seen = new HashSet<>();
        List<Proc> result = new ArrayList<>();
        while (!pending.isEmpty()) {
            Proc proc = pending.poll();
            // Never signal (or follow the children of) ourselves or init, whatever the environment says.
            if (!seen.add(proc.pid()) || proc.pid() == SELF || proc.pid() == 1) {
                continue;
            }
            result.add(proc);
            known.add(proc.id());
            for (Proc child : table.childrenOf(proc.pid())) {
                if (child.live()) {
                    pending.add(child);
                }
            }
        }
        return result;
    }
}
