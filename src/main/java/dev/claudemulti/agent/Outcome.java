package dev.claudemulti.agent;

/**
 * How an ended attempt went, in the agent's judgement ({@link Agent#classify}). Sealed so that each
 * place that acts on an outcome handles every kind; a new kind (issue 11 adds "transient": worth
 * retrying) is added here and the compiler lists the places to decide.
 */
public sealed interface Outcome {
    /** The agent did the task. */
    record Completed() implements Outcome {}

    /** The agent did not do the task; {@code reason} is one clean line saying why (shown and recorded as is). */
    record Failed(String reason) implements Outcome {}

    static Outcome completed() {
        return new Completed();
    }

    static Outcome failed(String reason) {
        return new Failed(reason);
    }
}
