package dev.claudemulti.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The real CLI's stream-json output saved under src/test/resources/agent/captured (see CaptureRealOutputTest). */
final class Captured {
    private Captured() {}

    static byte[] bytes(String name) {
        try (InputStream in = Captured.class.getResourceAsStream("/agent/captured/" + name + ".jsonl")) {
            if (in == null) {
                throw new IllegalStateException("no captured file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<SessionEvent> events(String name) {
        return parse(bytes(name), Integer.MAX_VALUE);
    }

    /** Feeds {@code data} in chunks of {@code chunk} bytes. */
    static List<SessionEvent> parse(byte[] data, int chunk) {
        List<SessionEvent> out = new ArrayList<>();
        var parser = new StreamJsonParser(out::add);
        for (int off = 0; off < data.length; off += chunk) {
            parser.feed(data, off, Math.min(chunk, data.length - off));
        }
        parser.finish();
        return out;
    }

    static <T extends SessionEvent> List<T> only(List<SessionEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
