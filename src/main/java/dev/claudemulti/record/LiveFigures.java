package dev.claudemulti.record;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudemulti.store.AtomicFile;
import dev.claudemulti.store.JsonTree;
import dev.claudemulti.store.SessionFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A running attempt's live figures as its orchestrator last recorded them ({@code live.json} in the
 * attempt's directory), so that {@code status} in another process need not parse the attempt's whole
 * output to show them.
 *
 * <p>Advisory only: written without fsync, at most about once a second, and never the record of
 * a state (the journal and session.json are). Not guaranteed: that it exists (an orchestrator of an
 * earlier release never writes it; the first second of an attempt has none), that it survives a
 * power loss, or that it is newer than {@code at} says. Its figures are those of {@code attempt}
 * only; a reader uses them only while the journal says that attempt runs.
 *
 * @param at            when the orchestrator recorded these figures
 * @param outputBytes   the output the orchestrator had read by then
 * @param costUsd       the attempt's own cost (its conversation's earlier cost already taken off), or null
 * @param costEstimated {@code costUsd} is an estimate from the usage seen so far, not claude's figure
 * @param sessionId     the conversation's id as the orchestrator knows it (chosen before launch, or from the stream)
 */
public record LiveFigures(
        String task,
        int attempt,
        Instant at,
        long outputBytes,
        int turns,
        Double costUsd,
        boolean costEstimated,
        SessionRecord.TokenCounts tokens,
        String activity,
        String sessionId,
        String model) {

    private static final String FILE_NAME = "live.json";

    public LiveFigures {
        tokens = tokens == null ? SessionRecord.TokenCounts.ZERO : tokens;
    }

    /** The file beside the attempt's session.json (each attempt has a directory of its own). */
    public static Path file(SessionFiles files) {
        return files.dir().resolve(FILE_NAME);
    }

    /**
     * Replaces the attempt's live.json atomically but without fsync: a reader sees a whole file; after a
     * power loss it may be older or gone. The caller has redacted {@code activity}.
     */
    public void writeTo(SessionFiles files) throws IOException {
        AtomicFile.writeUnsynced(
                file(files),
                (JsonTree.text(RecordTrees.liveFigures(this)) + "\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The attempt's recorded figures, or null if there are none, they are unreadable, or they name
     * another attempt. Parsed by hand: status reads one per running session, and must not pay for
     * building an ObjectMapper.
     */
    public static LiveFigures read(SessionFiles files) {
        JsonNode n;
        Path file = file(files);
        // Most running sessions of a large run have none yet: File.length says so (0) without the
        // exception that reading a missing file throws, which status would pay for each of them.
        if (file.toFile().length() == 0) {
            return null;
        }
        try {
            n = JsonTree.parse(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (n == null
                || !n.isObject()
                || !files.taskId().equals(n.path("task").asText(null))
                || n.path("attempt").asInt(0) != files.attempt()) {
            return null;
        }
        JsonNode t = n.path("tokens");
        return new LiveFigures(
                files.taskId(),
                files.attempt(),
                RecordJson.instant(n.path("at").asText(null)),
                n.path("output_bytes").asLong(0),
                n.path("turns").asInt(0),
                n.path("cost_usd").isNumber() ? n.get("cost_usd").asDouble() : null,
                n.path("cost_estimated").asBoolean(false),
                new SessionRecord.TokenCounts(
                        t.path("input").asLong(0),
                        t.path("output").asLong(0),
                        t.path("cache_read").asLong(0),
                        t.path("cache_write").asLong(0)),
                n.path("activity").isTextual() ? n.get("activity").asText() : null,
                n.path("session_id").isTextual() ? n.get("session_id").asText() : null,
                n.path("model").isTextual() ? n.get("model").asText() : null);
    }
}
