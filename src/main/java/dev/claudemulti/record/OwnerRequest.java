package dev.claudemulti.record;

import dev.claudemulti.store.RunStore;
import dev.claudemulti.store.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A request another process (stop, kill, an attached dashboard) leaves for the orchestrator that
 * owns a run, in its requests directory. Taking it is no promise that it is acted on: the
 * orchestrator ignores an action it does not know, and a task that is not running.
 *
 * <p>A {@code continue} request carries its prompt in the file (the requests directory is as
 * private as the rest of the state directory). An orchestrator of a release before {@code continue}
 * reads the file, ignores the unknown field and, not knowing the action, journals that it took the
 * request and does nothing: the requester sees that and says so ({@code engine.FollowUp}).
 *
 * @param action   "stop", "kill", "stop_all", "retry", "continue", "attach_begin" or "attach_end"
 * @param task     the task it is about; null for stop_all
 * @param pid      the requesting process; 0 when the file has none
 * @param prompt   the follow-up prompt of a {@code continue}; null for the other actions
 * @param exitCode attach_end's: how the interactive program exited; null for every other action
 */
public record OwnerRequest(String action, String task, long pid, String prompt, Integer exitCode) {

    public OwnerRequest {
        action = action == null ? "" : action;
    }

    /** A request without a prompt or exit code: stop, kill, stop_all, retry, attach_begin. */
    public OwnerRequest(String action, String task, long pid) {
        this(action, task, pid, null, null);
    }

    /** Leaves this request for the owning orchestrator (see {@link RunStore#writeRequest}); returns its file. */
    public Path writeTo(RunStore store) throws StoreException {
        return store.writeRequest(RecordTrees.request(this));
    }

    /** Takes the pending requests, oldest first (see {@link RunStore#takeRequests}); unreadable ones are dropped. */
    public static List<OwnerRequest> takeAll(RunStore store) {
        List<OwnerRequest> requests = new ArrayList<>();
        for (var node : store.takeRequests()) {
            OwnerRequest r = RecordJson.fromTree(node, OwnerRequest.class);
            if (r != null) {
                requests.add(r);
            }
        }
        return requests;
    }
}
