package dev.claudemulti.tui;

import dev.claudemulti.agent.Agent;
import dev.claudemulti.agent.EventRenderer;
import dev.claudemulti.engine.SessionView;
import java.nio.file.Path;
import java.util.function.Function;

/** Opens the tail of one session attempt for the tail view. */
@FunctionalInterface
public interface TailSourceFactory {

    /** The source for this session's current attempt. Never null. */
    TailSource open(SessionView session);

    /**
     * Tails each session's stream-json output file, as located by {@code outputFile} for the
     * session's task id and attempt (null when it has none yet). Readable lines come from the
     * decoder of the {@code agent} that wrote the output, and {@link EventRenderer}.
     */
    static TailSourceFactory outputFiles(Agent agent, Function<SessionView, Path> outputFile) {
        return session -> {
            Path p = outputFile.apply(session);
            return p == null
                    ? new FileTailSource.Nothing("no output file for this session")
                    : new FileTailSource(p, FileTailSource.decoding(agent));
        };
    }

    /** For a dashboard that cannot read output (the tail view says so). */
    static TailSourceFactory none() {
        return session -> new FileTailSource.Nothing("output is not available here");
    }
}
