package dev.claudemulti.report;

import dev.claudemulti.engine.RunSnapshot;
import dev.claudemulti.store.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a report file in the format its extension names: .json, .md or .xml (JUnit). */
public final class Reports {
    private Reports() {}

    /** The report of {@code run} in the format of {@code file}'s extension; IllegalArgumentException for another one. */
    public static String render(RunSnapshot run, Path file) {
        return render(run, checkExtension(file));
    }

    /** The report of {@code run} in {@code format}: "json", "md" or "xml". */
    public static String render(RunSnapshot run, String format) {
        return switch (format) {
            case "json" -> JsonReport.render(run);
            case "md" -> MarkdownReport.render(run);
            default -> JUnitReport.render(run);
        };
    }

    /** Writes the report atomically (a reader never sees half of it), creating missing parent directories. */
    public static void write(RunSnapshot run, Path file) throws IOException {
        String text = render(run, file);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        AtomicFile.writeForUser(file, text);
    }

    /**
     * The format of {@code file}, "json", "md" or "xml". Call it before a run starts, so a typo is
     * a usage error and not a report lost at the end.
     */
    public static String checkExtension(Path file) {
        String name =
                file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String ext : new String[] {"json", "md", "xml"}) {
            if (name.endsWith("." + ext)) {
                return ext;
            }
        }
        throw new IllegalArgumentException("report file must end in .json, .md or .xml: " + file);
    }
}
