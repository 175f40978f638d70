package dev.claudemulti.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudemulti.engine.CheckOutcome;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A session's {@code check} as the reports, {@code status} and the dashboard show it: the same
 * fields in {@code status --json}, {@code --json} and the three report formats. A round is one run
 * of the check; {@code max_rounds} is the task's {@code fixAttempts} plus one.
 */
public final class CheckFields {
    private CheckFields() {}

    /** {"command", "exit_code" (null while it runs), "rounds", "max_rounds", "timed_out"}. */
    static ObjectNode json(CheckOutcome c) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("command", c.command());
        node.put("exit_code", c.exitCode());
        node.put("rounds", c.rounds());
        node.put("max_rounds", c.maxRounds());
        node.put("timed_out", c.timedOut());
        return node;
    }

    /**
     * "check ✓", "check ✗ (2/3)" (its round of the most it may have), "check running (1/3)";
     * {@code plain}: ASCII only ("check ok", "check failed (2/3)"). Null without a check.
     */
    public static String text(CheckOutcome c, boolean plain) {
        if (c == null) {
            return null;
        }
        if (c.passed()) {
            return plain ? "check ok" : "check ✓";
        }
        String state = c.failed() ? (plain ? "check failed" : "check ✗") : "check running";
        return state + " (" + c.rounds() + "/" + c.maxRounds() + ")";
    }

    /** The JUnit properties: check_command, check_exit_code, check_rounds. */
    static Map<String, String> properties(CheckOutcome c) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("check_command", c.command());
        p.put("check_exit_code", c.exitCode() == null ? "" : c.exitCode().toString());
        p.put("check_rounds", c.rounds() + "/" + c.maxRounds());
        return p;
    }
}
