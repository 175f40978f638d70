package dev.claudemulti.agent;

/**
 * Turns one attempt's output, as its bytes arrive, into {@link SessionEvent}s for the sink it was made
 * with (see {@link Agent#decoder}). Each agent decodes its own output format.
 *
 * <p>Guaranteed: events reach the sink on the thread that calls {@link #feed} or {@link #finish}, in
 * output order; bytes may come in chunks of any size, split anywhere (inside a line or a UTF-8
 * character); memory stays bounded whatever the output; bad output becomes
 * {@link SessionEvent.Unparsed} or {@link SessionEvent.Other}, never an exception.
 *
 * <p>NOT guaranteed: that every byte yields an event (blank lines yield none), that an event is whole
 * (long texts are cut), or thread safety: one decoder per output stream, fed by one thread.
 */
public interface OutputDecoder {
    /** Decodes the next {@code n} bytes of {@code data} from {@code off}. */
    void feed(byte[] data, int off, int n);

    /** End of the output: whatever the last chunk left incomplete (a last line without newline) is decoded now. */
    void finish();
}
