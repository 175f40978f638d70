package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.OutputDecoder;
import dev.claudemulti.agent.SessionProgress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parses a growing output file from where it last stopped, keeping the running figures. Status reads
 * a hundred running sessions' outputs this way, many of them still empty: a file with nothing new is
 * neither opened nor given a decoder.
 */
final class OutputTail {
    private final Path file;
    private final Agent agent;
    private final SessionProgress progress = new SessionProgress();
    private OutputDecoder parser; // made at the first bytes
    private long offset;

    OutputTail(Path file, Agent agent) {
        this.file = file;
        this.agent = agent;
    }

    SessionView apply(SessionView v) {
        if (v.checking()) {
            return v; // its agent has ended: the journal has its figures, and the check's activity
        }
        // File.length is 0 for a missing file, where Files.size would throw: an exception per session costs.
        long size = file.toFile().length();
        // Not written yet, or shorter than before (a new attempt reuses nothing): keep what we have.
        if (size > offset) {
            read(size - offset);
        }
        return v.withOutputBytes(offset)
                .withFigures(
                        progress.turns(), progress.costUsd(), progress.tokens(), progress.sessionId(), progress.model())
                .withActivity(progress.activity());
    }

    private void read(long expected) {
        if (parser == null) {
            parser = agent.decoder(progress::accept);
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            byte[] buf = new byte[(int) Math.min(64 * 1024, Math.max(expected, 8 * 1024))];
            int n;
            while ((n = in.read(buf)) > 0) {
                parser.feed(buf, 0, n);
                offset += n;
            }
        } catch (IOException e) {
            // gone or cut meanwhile: keep what was read
        }
    }
}
