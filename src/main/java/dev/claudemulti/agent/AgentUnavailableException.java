package dev.claudemulti.agent;

/** The agent binary cannot be run; the message is one line for the user. */
public class AgentUnavailableException extends Exception {
    public AgentUnavailableException(String message) {
        super(message);
    }
}
