package dev.claudemulti.agent;

/**
 * How one attempt talks to the agent's conversation store, decided by the engine before launch.
 *
 * @param sessionId the conversation's id: chosen (a random UUID) for a fresh attempt, the earlier
 *                  attempt's for one that continues it; recorded before the process starts
 * @param resume    continue the conversation {@code sessionId} ({@code claude --resume}) instead of
 *                  starting a new one with that id ({@code claude --session-id})
 */
public record AttemptPlan(String sessionId, boolean resume) {
    public static AttemptPlan fresh(String sessionId) {
        return new AttemptPlan(sessionId, false);
    }

    public static AttemptPlan resuming(String sessionId) {
        return new AttemptPlan(sessionId, true);
    }
}
