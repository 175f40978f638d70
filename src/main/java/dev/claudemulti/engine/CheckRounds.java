package dev.claudemulti.engine;

import dev.claudemulti.display.Durations;
import dev.claudemulti.display.Text;
import dev.claudemulti.task.Task;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a task's {@code check} and its fix rounds, apart from running it ({@link CheckRun}):
 * which round a check is, what its end makes of the session, and the prompt of a fix round.
 *
 * <p>A round is one run of the check; a session may have {@code fixAttempts + 1}. A check that
 * never finished (the orchestrator died while it ran, and {@code run --resume} continued the
 * conversation) does not use up its round: the next check runs as the same round. Pure apart from
 * reading the tail of check.log.
 */
final class CheckRounds {
    /** What a fix round's queued attempt shows as its cause ("retrying now (2/3, check failed)"). */
    static final String CAUSE = CheckOutcome.FAILED_REASON;

    /** How many of check.log's last lines a fix prompt quotes. */
    static final int TAIL_LINES = 100;

    /** The most of check.log a fix prompt reads (its last lines may be long). */
    private static final int TAIL_BYTES = 64 * 1024;

    private static final String ACTIVITY = "check: ";

    private CheckRounds() {}

    /** The check that starts now after {@code ended} (the attempt's view, carrying the check it last ran, if any). */
    static CheckOutcome starting(Task task, CheckOutcome last) {
        int round = last == null ? 1 : last.exitCode() == null ? last.rounds() : last.rounds() + 1;
        return new CheckOutcome(task.check(), null, false, round, task.fixRounds() + 1);
    }

    /** The row's activity while {@code command} runs. */
    static String activity(String command) {
        return ACTIVITY + Text.oneLine(command, 120);
    }

    /** {@code running} as it ended. */
    static CheckOutcome ended(CheckOutcome running, CheckRun.Result result) {
        return new CheckOutcome(
                running.command(), result.exitCode(), result.timedOut(), running.rounds(), running.maxRounds());
    }

    /** "check failed: npm test exit 1", "check failed: npm test timed out after 10m". */
    static String reason(CheckOutcome failed, Task task, String error) {
        String command = Text.oneLine(failed.command(), 120);
        if (error != null) {
            return CAUSE + ": " + command + " could not run: " + Text.oneLine(error, 200);
        }
        if (failed.timedOut()) {
            return CAUSE + ": " + command + " timed out after "
                    + (task.timeout() == null ? "its timeout" : Durations.wholeUnit(task.timeout()));
        }
        return CAUSE + ": " + command + " exit " + failed.exitCode();
    }

    /** Whether the failed check {@code failed} leaves a fix round. */
    static boolean fixLeft(CheckOutcome failed) {
        return failed.rounds() < failed.maxRounds();
    }

    /**
     * The queued attempt of a fix round after {@code failed} (the attempt whose check failed, in its
     * ended view): the same conversation and working directory, due at once, with its own prompt.
     */
    static SessionView fixAttempt(SessionView failed, Task task, String prompt, Instant now) {
        CheckOutcome check = failed.check();
        // The rounds left bound the chain of attempts it shows ("2/3"); transient retries come on top.
        int maxAttempts = failed.attempt() + check.maxRounds() - check.rounds();
        return SessionView.queued(failed.taskId(), failed.attempt() + 1, task.model())
                .withSessionId(failed.sessionId())
                .withWorkspace(failed.workspace())
                .withCheck(check)
                .withRetry(new SessionView.PendingRetry(now, maxAttempts, CAUSE, prompt));
    }

    /** The prompt that sends the agent back to fix what made {@code failed} fail; {@code tail}: check.log's last lines. */
    static String fixPrompt(CheckOutcome failed, List<String> tail) {
        StringBuilder p = new StringBuilder();
        p.append("The check of your work failed. It runs this shell command in your working directory:\n\n")
                .append(failed.command())
                .append("\n\n");
        if (failed.timedOut()) {
            p.append("It did not finish within the session's timeout and was stopped");
        } else {
            p.append("It exited with code ").append(failed.exitCode());
        }
        p.append(". The last ")
                .append(tail.size())
                .append(tail.size() == 1 ? " line" : " lines")
                .append(" of its output:\n\n```\n");
        tail.forEach(line -> p.append(line).append('\n'));
        p.append("```\n\nFind the cause and fix it, so that the command succeeds. ")
                .append("Do not weaken or skip the check itself. This is fix round ")
                .append(failed.rounds())
                .append(" of ")
                .append(failed.maxRounds() - 1)
                .append(".\n");
        return p.toString();
    }

    /**
     * The last {@code lines} lines of {@code file}, read from its end (at most {@value #TAIL_BYTES}
     * bytes, so a huge log is never loaded); empty when it is missing or empty.
     */
    static List<String> tail(Path file, int lines) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            int n = (int) Math.min(length, TAIL_BYTES);
            byte[] bytes = new byte[n];
            f.seek(length - n);
            f.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            List<String> all = new ArrayList<>(List.of(text.split("\r?\n", -1)));
            if (!all.isEmpty() && all.get(all.size() - 1).isEmpty()) {
                all.remove(all.size() - 1); // the newline that ends the last line
            }
            if (n < length && !all.isEmpty()) {
                all.remove(0); // cut in the middle
            }
            return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return List.of();
        }
    }
}
