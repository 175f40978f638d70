package dev.claudemulti.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The files of one attempt of one task. Its equals and hashCode are written out (see {@link
 * dev.claudemulti.agent.Tokens}) and compare what a record's would.
 */
public record SessionFiles(
        String taskId, int attempt, Path dir, Path prompt, Path output, Path stderr, Path sessionInfo) {
    @Override
    public boolean equals(Object o) {
        return o instanceof SessionFiles f
                && f.attempt == attempt
                && Objects.equals(f.taskId, taskId)
                && Objects.equals(f.dir, dir)
                && Objects.equals(f.prompt, prompt)
                && Objects.equals(f.output, output)
                && Objects.equals(f.stderr, stderr)
                && Objects.equals(f.sessionInfo, sessionInfo);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(dir) * 31 + attempt; // the rest are files in dir
    }
}
