package dev.claudemulti.engine;

import dev.claudemulti.store.Secrets;
import dev.claudemulti.task.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Cuts secrets out of the texts of a session (reason, activity, result, denial targets) before
 * they are recorded or shown: agent text can quote a key it saw.
 *
 * <p>Guaranteed: {@code cut(null)} is null, and the scheduler passes every view through
 * {@link #redact} before the recorder or a listener sees it. Not guaranteed: that a secret split
 * across texts, or encoded (base64, URL-escaped), is found.
 */
@FunctionalInterface
interface Redactor {
    /** The text with every known secret value replaced; null stays null. */
    String cut(String text);

    default SessionView redact(SessionView view) {
        return view.withTexts(this::cut);
    }

    /** Cuts nothing: for tests that need no secrets. */
    static Redactor none() {
        return text -> text;
    }

    /** The secret-looking values of {@code processEnv} and of every task's env. */
    static Redactor ofSecrets(Map<String, String> processEnv, List<Task> tasks) {
        Map<String, String> env = new HashMap<>(processEnv);
        int i = 0;
        for (Task t : tasks) {
            if (t.env() != null) {
                for (var e : t.env().entrySet()) {
                    // A prefix keeps names unique across tasks and keeps their secret-looking ending.
                    env.put(i++ + "#" + e.getKey(), e.getValue());
                }
            }
        }
        UnaryOperator<String> redactor = Secrets.textRedactor(env);
        return text -> text == null ? null : redactor.apply(text);
    }
}
