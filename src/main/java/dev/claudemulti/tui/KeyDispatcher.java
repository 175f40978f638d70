package dev.claudemulti.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.claudemulti.display.Text;
import dev.claudemulti.engine.Engine;
import dev.claudemulti.engine.Hints;
import dev.claudemulti.engine.SessionState;
import dev.claudemulti.engine.SessionView;
import java.io.IOException;
import java.util.List;

/**
 * Turns keys into changes of the {@link DashboardState} and calls on the {@link Engine}: the prompts
 * that take every key (a y/n question, the help overlay, typing a filter) first, then the
 * {@link KeyBindings} table of the current mode. Every action that stops, kills, retries or
 * quits with sessions running asks y/n first. GUI thread only.
 */
final class KeyDispatcher {
    private final Engine engine;
    private final DashboardState state;
    private final TailSourceFactory tails;
    /** Reads what the tail view's source has so far, so a new tail view does not open empty. */
    private final Runnable pollTail;

    private final ReviewWorker review;
    /** Called from the diff's reader thread as more of it arrives, so the screen shows it. */
    private final Runnable diffArrived;
    /** The {@code a} key: a take-over by hand. */
    private final TakeOverKeys takeOver;

    KeyDispatcher(
            Engine engine,
            DashboardState state,
            TailSourceFactory tails,
            Runnable pollTail,
            ReviewWorker review,
            Runnable diffArrived) {
        this.engine = engine;
        this.state = state;
        this.tails = tails;
        this.pollTail = pollTail;
        this.review = review;
        this.diffArrived = diffArrived;
        this.takeOver = new TakeOverKeys(engine, state);
    }

    /** The take-over by hand ({@code a}): where it runs claude, and what it waits for. */
    TakeOverKeys takeOver() {
        return takeOver;
    }

    void handle(KeyStroke k) {
        if (k.getKeyType() == KeyType.EOF) {
            state.exit(Dashboard.Exit.INPUT_CLOSED);
            return;
        }
        state.clearMessage();
        if (state.confirm() != null) {
            answer(state.takeConfirm(), k);
            return;
        }
        if (KeyBindings.actionFor(KeyBindings.Mode.ANYWHERE, k) == Action.QUIT) {
            state.showHelp(false);
            state.stopEditingFilter();
            state.editFollowUp(null);
            requestQuit();
            return;
        }
        if (state.helpShown()) {
            state.showHelp(false);
            return;
        }
        KeyBindings.Mode mode = state.mode();
        Action action = KeyBindings.actionFor(mode, k);
        if (action != null) {
            perform(action);
        } else if (mode == KeyBindings.Mode.FILTER
                && k.getKeyType() == KeyType.Character
                && !k.isCtrlDown()
                && !k.isAltDown()) {
            state.typeIntoFilter(k.getCharacter());
        } else if (mode == KeyBindings.Mode.FOLLOW_UP) {
            state.followUp().editor().edit(k); // any other key does nothing while the prompt is typed
        }
    }

    private void answer(DashboardState.Confirm question, KeyStroke k) {
        boolean yes = k.getKeyType() == KeyType.Character
                && !k.isCtrlDown()
                && !k.isAltDown()
                && k.getCharacter() != null
                && (k.getCharacter() == 'y' || k.getCharacter() == 'Y');
        if (yes) {
            question.yes().run();
        } else {
            state.say("cancelled");
        }
    }

    private void perform(Action action) {
        TailView tail = state.tail();
        Scrollable view = state.diff() != null ? state.diff() : tail;
        switch (action) {
            case SELECT_UP -> state.moveSelection(-1);
            case SELECT_DOWN -> state.moveSelection(1);
            case SELECT_PAGE_UP -> state.moveSelectionByPages(-1);
            case SELECT_PAGE_DOWN -> state.moveSelectionByPages(1);
            case SELECT_FIRST -> state.selectFirst();
            case SELECT_LAST -> state.selectLast();
            case OPEN_TAIL -> {
                SessionView v = state.selected();
                if (v != null) {
                    openTail(v);
                }
            }
            case CLOSE_TAIL -> state.closeTail();
            case TOGGLE_RAW -> tail.toggleRaw();
            case TOGGLE_FOLLOW -> tail.toggleFollow();
            case SCROLL_UP -> view.scroll(-1);
            case SCROLL_DOWN -> view.scroll(1);
            case SCROLL_PAGE_UP -> view.page(-1);
            case SCROLL_PAGE_DOWN -> view.page(1);
            case SCROLL_TO_START -> view.home();
            case SCROLL_TO_END -> view.end();
            case OPEN_DIFF -> openDiff(state.selected());
            case CLOSE_DIFF -> state.closeDiff();
            case MERGE -> askMerge(state.selected());
            case STOP -> askStop(target());
            case KILL -> askKill(target());
            case STOP_ALL -> askStopAll();
            case RETRY -> askRetry(target());
            case ATTACH -> takeOver.ask(state.selected());
            case QUIT -> requestQuit();
            case KILL_ALL_RUNNING -> askKillAllRunning();
            case SAY_STILL_STOPPING -> state.say("still stopping; K kills what is left");
            case EDIT_FILTER -> state.editFilter();
            case APPLY_FILTER -> state.applyFilter();
            case CLEAR_FILTER -> state.clearFilter();
            case ERASE_FILTER -> state.eraseFromFilter();
            case SHOW_HELP -> state.showHelp(true);
            case FOLLOW_UP -> startFollowUp(state.selected());
            case SEND_FOLLOW_UP -> sendFollowUp(state.followUp());
            case CANCEL_FOLLOW_UP -> {
                state.editFollowUp(null);
                state.say("cancelled");
            }
        }
    }

    /** The session a key acts on: the tail view's, else the selected row's. */
    private SessionView target() {
        TailView tail = state.tail();
        return tail != null ? state.session(tail.taskId) : state.selected();
    }

    /** Shows the tail of {@code v}'s current attempt. */
    void openTail(SessionView v) {
        state.showTail(new TailView(v.taskId(), v.attempt(), tails.open(v)));
        pollTail.run();
    }

    /** Shows the diff of {@code v}'s commit against its base, or says in one line why there is none. */
    private void openDiff(SessionView v) {
        String why = v == null ? null : whyNoCommit(v, "diff");
        if (v == null || why != null) {
            if (why != null) {
                state.say(why);
            }
            return;
        }
        try {
            state.showDiff(new DiffView(v.taskId(), DiffDocument.open(v.workspace(), diffArrived)));
        } catch (IOException e) {
            state.say("cannot run git diff: " + Text.sanitizeCell(String.valueOf(e.getMessage())));
        }
    }

    private void askMerge(SessionView v) {
        String why = v == null ? null : whyNoCommit(v, "merge");
        if (v == null || why != null) {
            if (why != null) {
                state.say(why);
            }
            return;
        }
        state.ask(
                "merge " + SessionTable.idText(v) + " ("
                        + Text.sanitizeCell(v.workspace().branch()) + ") into the current branch? y/n",
                () -> {
                    state.say("merging " + Text.sanitizeCell(v.taskId()) + "…");
                    review.merge(v);
                });
    }

    /** Why {@code v} has no commit to show or merge ({@code what}: "diff", "merge"), or null if it has one. */
    private static String whyNoCommit(SessionView v, String what) {
        String id = SessionTable.idText(v);
        if (v.workspace() == null) {
            return id + " has no worktree of its own (isolation none): no " + what;
        }
        if (!v.state().isFinal()) {
            return id + " is still " + v.state().label() + "; its work is committed when it ends";
        }
        if (v.workspace().changes() == null) {
            return id + "'s work is not committed yet";
        }
        if (v.workspace().commit() == null) {
            return id + " made no changes: no " + what;
        }
        return null;
    }

    private void askStop(SessionView v) {
        if (v == null) {
            return;
        }
        if (v.state().isFinal()) {
            state.say(
                    SessionTable.idText(v) + " has already ended (" + v.state().label() + ")");
            return;
        }
        String id = v.taskId();
        state.ask("stop " + SessionTable.idText(v) + "? y/n", () -> {
            engine.stop(id);
            state.say("stopping " + Text.sanitizeCell(id) + "…");
            state.notice().untilEnded(List.of(id));
        });
    }

    private void askKill(SessionView v) {
        if (v == null) {
            return;
        }
        if (v.state() != SessionState.RUNNING) {
            state.say(SessionTable.idText(v) + " is not running");
            return;
        }
        String id = v.taskId();
        state.ask("kill " + SessionTable.idText(v) + " now (SIGKILL, no grace)? y/n", () -> {
            engine.kill(id);
            state.say("killed " + Text.sanitizeCell(id));
        });
    }

    private void askStopAll() {
        int running = (int) state.snapshot().count(SessionState.RUNNING);
        int queued = (int) state.snapshot().count(SessionState.QUEUED);
        if (running + queued == 0) {
            state.say("nothing is running");
            return;
        }
        String what = running > 0 ? plural(running, "running session") : plural(queued, "queued session");
        if (running > 0 && queued > 0) {
            what += " and " + queued + " queued";
        }
        state.ask("stop all: " + what + "? y/n", () -> {
            List<String> going = state.ids(SessionState.RUNNING);
            going.addAll(state.ids(SessionState.QUEUED));
            engine.stopAll();
            state.say("stopping all sessions…");
            state.notice().untilEnded(going);
        });
    }

    private void askRetry(SessionView v) {
        if (v == null) {
            return;
        }
        if (!v.state().isFinal()) {
            state.say(
                    SessionTable.idText(v) + " is still " + v.state().label() + "; only ended sessions can be retried");
            return;
        }
        if (!engine.canRetry()) {
            state.say("no orchestrator runs this batch any more: "
                    + Hints.resumeFailed(Text.sanitizeCell(state.snapshot().runId())));
            return;
        }
        String id = v.taskId();
        state.ask("retry " + Text.sanitizeCell(id) + " as attempt #" + (v.attempt() + 1) + "? y/n", () -> {
            engine.retry(id);
            state.say("retrying " + Text.sanitizeCell(id));
        });
    }

    /** Opens the follow-up prompt for {@code v}, or says in one line why it cannot have one. */
    private void startFollowUp(SessionView v) {
        String why = v == null ? null : whyNoFollowUp(v);
        if (v == null || why != null) {
            if (why != null) {
                state.say(why);
            }
            return;
        }
        state.editFollowUp(new FollowUpPrompt(v));
    }

    /** Sends the typed prompt, unless it is empty or its session has changed since the prompt opened. */
    private void sendFollowUp(FollowUpPrompt prompt) {
        String text = prompt.editor().text();
        if (text.isBlank()) {
            state.say("type the follow-up prompt, or Esc to cancel");
            return;
        }
        state.editFollowUp(null);
        SessionView now = state.session(prompt.taskId());
        String why = now == null ? null : whyNoFollowUp(now);
        if (now == null || now.attempt() != prompt.endedAttempt() || why != null) {
            state.say(why != null ? why + "; not sent" : "the session moved on; not sent");
            return;
        }
        engine.followUp(prompt.taskId(), text);
        state.say("continuing " + Text.sanitizeCell(prompt.taskId()) + " as attempt #" + (prompt.endedAttempt() + 1));
    }

    /** Why {@code v} cannot get a follow-up now, or null if it can. */
    private String whyNoFollowUp(SessionView v) {
        String id = SessionTable.idText(v);
        if (!v.state().isFinal()) {
            return id + " is still " + v.state().label() + "; stop it first (s) to continue it";
        }
        if (v.sessionId() == null || v.startedAt() == null) {
            return id + " never started: no conversation to continue";
        }
        if (!engine.canFollowUp()) {
            return "no orchestrator runs this batch any more; continue " + id + " from a shell: "
                    + Hints.help("continue");
        }
        return null;
    }

    private void askKillAllRunning() {
        List<String> running = state.ids(SessionState.RUNNING);
        if (!running.isEmpty()) {
            state.ask(
                    "kill " + plural(running.size(), "session") + " now (SIGKILL)? y/n",
                    () -> running.forEach(engine::kill));
        }
    }

    private void requestQuit() {
        int running = (int) state.snapshot().count(SessionState.RUNNING);
        int queued = (int) state.snapshot().count(SessionState.QUEUED);
        if (!engine.ownsProcesses() || running + queued == 0) {
            state.exit(Dashboard.Exit.QUIT);
            return;
        }
        String q = running > 0
                ? "stop " + plural(running, "running session") + " and quit? y/n"
                : "cancel " + plural(queued, "queued session") + " and quit? y/n";
        state.ask(q, () -> {
            // Quitting before the batch is done abandons it, as Ctrl-C does headless: an interruption.
            engine.interrupt("INT");
            state.startStopping();
            state.closeTail();
            state.closeDiff();
        });
    }

    static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
