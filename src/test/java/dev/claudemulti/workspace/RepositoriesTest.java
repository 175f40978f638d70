package dev.claudemulti.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the repository a directory is in: git's answer, and no git started where there is no .git above. */
class RepositoriesTest {
    @TempDir
    Path tmp;

    @Test
    void aDirectoryWithNoGitAboveItIsInNoRepository() throws Exception {
        Path deep = Files.createDirectories(tmp.resolve("a/b"));
        // The temporary directory must not itself be inside a checkout for this test to mean anything.
        org.junit.jupiter.api.Assumptions.assumeFalse(
                Repositories.mayBeInRepository(tmp), "temp dir inside a checkout");
        assertThat(Repositories.mayBeInRepository(deep)).isFalse();
        assertThat(Repositories.topLevel(deep)).isNull();
    }

    @Test
    void aWorkTreeOrAGitFileAboveIsAskedOfGit() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Path deep = Files.createDirectories(repo.resolve("src/x"));
        assertThat(new ProcessBuilder("git", "init", "-q", repo.toString())
                        .start()
                        .waitFor())
                .isZero();
        assertThat(Repositories.mayBeInRepository(deep)).isTrue();
        assertThat(Repositories.topLevel(deep)).isEqualTo(repo.toRealPath());
        // A linked worktree's .git is a file naming its git directory: that counts too.
        Path linked = Files.createDirectories(tmp.resolve("linked/sub"));
        Files.writeString(tmp.resolve("linked/.git"), "gitdir: " + repo.resolve(".git") + "\n");
        assertThat(Repositories.mayBeInRepository(linked)).isTrue();
    }
}
