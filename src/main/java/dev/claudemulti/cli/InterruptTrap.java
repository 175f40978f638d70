package dev.claudemulti.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Traps SIGINT, SIGTERM and SIGHUP while a batch runs, so the orchestrator can stop its
 * sessions and record the interruption instead of dying with them running. The previous
 * handlers come back on {@link #close}, which matters when commands run in-process (tests).
 */
final class InterruptTrap implements AutoCloseable {
    private static final String[] TRAPPED = {"INT", "TERM", "HUP"};
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    /** {@code onSignal} receives the signal name ("INT") on the JVM's signal thread. */
    InterruptTrap(Consumer<String> onSignal) {
        for (String name : TRAPPED) {
            try {
                Signal sig = new Signal(name);
                previous.add(Signal.handle(sig, s -> onSignal.accept(s.getName())));
                signals.add(sig);
            } catch (IllegalArgumentException e) {
                // The JVM reserves this signal here (e.g. with -Xrs); the default behaviour stays.
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
