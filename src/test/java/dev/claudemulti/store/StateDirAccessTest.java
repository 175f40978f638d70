package dev.claudemulti.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whoever runs the tests (root here), a directory owned by another uid is refused: the uid is a parameter. */
class StateDirAccessTest {
    @TempDir
    Path dir;

    @Test
    void aDirectoryOfAnotherUidIsRefused() throws Exception {
        long owner = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();
        long someoneElse = owner + 4242;
        assertThatThrownBy(() -> StateDirAccess.check(dir, someoneElse))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("state directory " + dir + " belongs to user "
                        + Files.getOwner(dir).getName() + " (uid " + owner + "), not to you (uid " + someoneElse + ")");
        assertThatCode(() -> StateDirAccess.check(dir, owner)).doesNotThrowAnyException();
    }

    @Test
    void groupOrWorldWriteIsRefusedWithTheModeAndTheFix() throws Exception {
        long owner = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> StateDirAccess.check(dir, owner))
                .hasMessage("state directory " + dir
                        + " can be written by its group and all users (mode 0777), who could"
                        + " change what claude-multi records and acts on; make it yours alone: chmod 700 " + dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatCode(() -> StateDirAccess.check(dir, owner))
                .as("readable is the user's choice")
                .doesNotThrowAnyException();
    }

    @Test
    void theCurrentUidIsThisProcesssEffectiveOne() throws Exception {
        Path mine = Files.createFile(dir.resolve("mine"));
        assertThat(StateDirAccess.currentUid()).isEqualTo(((Number) Files.getAttribute(mine, "unix:uid")).longValue());
    }
}
