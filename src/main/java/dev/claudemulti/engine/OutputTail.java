package dev.claudemulti.engine;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.OutputDecoder;
import dev.claudemulti.agent.SessionProgress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Parses a growing output file from where it last stopped, keeping the running figures. */
final class OutputTail {
    private final Path file;
    private final SessionProgress progress = new SessionProgress();
    private final OutputDecoder parser;
    private long offset;

    OutputTail(Path file, Agent agent) {
        this.file = file;
        this.parser = agent.decoder(progress::accept);
    }

    SessionView apply(SessionView v) {
        if (v.checking()) {
            return v; // its agent has ended: the journal has its figures, and the check's activity
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                parser.feed(buf, 0, n);
                offset += n;
            }
        } catch (IOException e) {
            // not written yet, or shorter than before (a new attempt reuses nothing): keep what we have
        }
        return v.withOutputBytes(offset)
                .withFigures(
                        progress.turns(), progress.costUsd(), progress.tokens(), progress.sessionId(), progress.model())
                .withActivity(progress.activity());
    }
}
