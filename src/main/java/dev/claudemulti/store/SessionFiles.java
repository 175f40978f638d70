package dev.claudemulti.store;

import java.nio.file.Path;

/** The files of one attempt of one task. */
public record SessionFiles(
        String taskId, int attempt, Path dir, Path prompt, Path output, Path stderr, Path sessionInfo) {}
