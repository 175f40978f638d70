package dev.claudemulti.tui;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where the tail view gets a session's output from. {@link #poll} is called on the dashboard's
 * GUI thread, so it must return quickly: it hands over what arrived since the last call, in
 * bounded chunks, and says whether more is already waiting.
 */
public interface TailSource extends Closeable {

    /** Receives lines in arrival order. */
    interface Sink {
        /** A readable line (an event rendered for people). */
        void readable(String line);

        /** One raw output line, possibly cut to a bounded excerpt. */
        void raw(String line);

        /** The source restarted from the beginning (the file was replaced): forget what came before. */
        default void reset() {}
    }

    /**
     * Hands whatever arrived since the last call to {@code sink}.
     *
     * @return true if it stopped early and more is waiting (call again soon)
     */
    boolean poll(Sink sink) throws IOException;

    /** A short note on where the lines come from (a file name), for diagnostics; the tail screen does not show it. */
    default String describe() {
        return "";
    }

    @Override
    default void close() throws IOException {}
}
