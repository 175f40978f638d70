package dev.claudemulti.engine;

import java.util.List;

/**
 * Which queued sessions may start now. Asked on the scheduler thread whenever a slot may have
 * freed or a session was queued.
 *
 * <p>Guaranteed to the policy: {@code queued} holds only sessions that are queued, not being
 * launched and free to start, in task-file order: the first of them, no more than there are free
 * slots (the scheduler does not look further, so that its work per event does not grow with the
 * batch; a policy that starts sessions in another order needs it to). Expected of it: a subset of
 * {@code queued}, in the order to start them, and no blocking. Not guaranteed: that a picked
 * session does start (a stop may come first).
 */
@FunctionalInterface
interface StartPolicy {
    /** @param running sessions holding a slot now (running or being launched) */
    List<SessionView> pick(List<SessionView> queued, int running);

    /** Today's behaviour: task-file order, at most {@code parallel} at once. */
    static StartPolicy fileOrder(int parallel) {
        return (queued, running) -> queued.subList(0, Math.max(0, Math.min(queued.size(), parallel - running)));
    }
}
