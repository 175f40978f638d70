package dev.claudemulti.engine;

/**
 * Every command the program suggests to its user ("see claude-multi output a -f"), built here
 * and only here, so that a test can run each one and prove it is a command that works (a hint
 * with a wrong option is worse than none). It lives in the engine package because every layer
 * that talks to the user (cli, tui, report) prints hints, and so do the engine's lost-session
 * reasons. Task and run ids are safe words: no quoting needed.
 */
public final class Hints {
    /** See every run. A constant, for help texts. */
    public static final String LIST = "claude-multi list";
    /** Every live run, then the latest ended one. */
    public static final String STATUS = "claude-multi status";
    /** Delete claude-multi's branches of removed runs, merged or not (run in the repository). */
    public static final String CLEAN_BRANCHES = "claude-multi clean --branches";

    private Hints() {}

    public static String status(String runId) {
        return STATUS + " --run " + runId;
    }

    public static String dashboard(String runId) {
        return "claude-multi dashboard --run " + runId;
    }

    /** Follow a task's output until it ends (in the latest run that has it). */
    public static String followOutput(String taskId) {
        return "claude-multi output " + taskId + " -f";
    }

    public static String followOutput(String taskId, String runId) {
        return followOutput(taskId) + " --run " + runId;
    }

    public static String stop(String taskId) {
        return "claude-multi stop " + taskId;
    }

    /** Stop a task of one run: the bare form is refused while the task id is live in another run too. */
    public static String stop(String taskId, String runId) {
        return stop(taskId) + " --run " + runId;
    }

    public static String stopAll(String runId) {
        return "claude-multi stop-all --run " + runId;
    }

    /** Continue a run whose orchestrator is gone, running its failed, stopped and killed sessions again. */
    public static String resumeFailed(String runId) {
        return "claude-multi run --resume " + runId + " --resume-failed";
    }

    /** Continue a run whose orchestrator is gone, rerunning what had not finished. */
    public static String resume(String runId) {
        return "claude-multi run --resume " + runId;
    }

    /** What to do about the processes of a lost session that still run. */
    public static String lostProcesses(String runId) {
        return "stop them: " + stopAll(runId) + ", or resume: " + resume(runId);
    }

    /** Which sessions of a run with worktrees conflict, and in which files. */
    public static String conflicts(String runId) {
        return "claude-multi conflicts --run " + runId;
    }

    /** A session's changes against its base. */
    public static String diff(String taskId, String runId) {
        return "claude-multi diff " + taskId + " --run " + runId;
    }

    public static String help(String command) {
        return "claude-multi " + command + " --help";
    }
}
