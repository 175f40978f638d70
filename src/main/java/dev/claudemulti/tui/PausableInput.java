package dev.claudemulti.tui;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;

/**
 * The dashboard's keyboard: the terminal's input, read through a channel that can be let go while a
 * program runs in the foreground ({@link Foreground}), so that the program gets every key typed
 * meanwhile. A read blocked when the input is paused does not return: closing its channel wakes it
 * (an interruptible channel), and it waits for {@link #resume} and reads on from a new one.
 *
 * <p>Guaranteed: between {@link #pause} and {@link #resume} nothing reads the terminal through this
 * stream. Not guaranteed: that bytes the key reader buffered before the pause go to the program (they
 * were typed for the dashboard).
 */
final class PausableInput extends InputStream {
    private final Path source;
    private final Object lock = new Object();
    /** Null while paused. */
    private FileInputStream open;

    private PausableInput(Path source, FileInputStream open) {
        this.source = source;
        this.open = open;
    }

    /** The input of this process ({@code /proc/self/fd/0}, opened again), or null if it cannot be reopened. */
    static PausableInput ofStandardInput() {
        try {
            return of(Path.of("/proc/self/fd/0"));
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads {@code source} (a terminal, a pipe), opened now. */
    static PausableInput of(Path source) throws IOException {
        return new PausableInput(source, new FileInputStream(source.toFile()));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            FileInputStream in = awaitOpen();
            try {
                return in.getChannel().read(ByteBuffer.wrap(b, off, len));
            } catch (ClosedChannelException e) {
                synchronized (lock) {
                    if (open == in) {
                        throw e; // closed for good, not paused
                    }
                }
            }
        }
    }

    @Override
    public int available() throws IOException {
        FileInputStream in;
        synchronized (lock) {
            in = open;
        }
        try {
            return in == null ? 0 : in.available();
        } catch (IOException e) {
            return 0; // paused meanwhile
        }
    }

    /** Lets go of the terminal's input: a read under way wakes and waits for {@link #resume}. */
    void pause() throws IOException {
        FileInputStream in;
        synchronized (lock) {
            in = open;
            open = null;
        }
        if (in != null) {
            in.close();
        }
    }

    /** Reads the terminal's input again. */
    void resume() throws IOException {
        synchronized (lock) {
            if (open == null) {
                open = new FileInputStream(source.toFile());
                lock.notifyAll();
            }
        }
    }

    @Override
    public void close() throws IOException {
        pause();
    }

    private FileInputStream awaitOpen() throws IOException {
        synchronized (lock) {
            while (open == null) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while the dashboard's terminal was given up", e);
                }
            }
            return open;
        }
    }
}
