package dev.claudemulti.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./claude-multi} launcher script, run as a user runs it, in a copy of the checkout
 * whose jar is made from this build's classes: it needs Java 17+ and says so itself, shows a
 * build's progress, and a class-data-sharing archive that is damaged, foreign or cannot be
 * written never makes a command fail or print anything.
 */
class LauncherScriptTest {
    private static final Path CHECKOUT = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    Path repo;
    Path cache;

    @BeforeEach
    void copyOfTheCheckout() throws IOException {
        repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve("scripts"));
        for (String f : List.of(
                "claude-multi",
                "scripts/build-jar.sh",
                "scripts/cds-archive.sh",
                "scripts/cds-training-stream.jsonl")) {
            Files.copy(CHECKOUT.resolve(f), repo.resolve(f));
        }
        cache = dir.resolve("cache");
    }

    record Run(int code, String out, String err) {}

    private Run launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(
                List.of("/bin/bash", repo.resolve("claude-multi").toString()));
        cmd.addAll(List.of(args));
        return launch(cmd, env, new File("/dev/null"));
    }

    /**
     * The launcher on a terminal of util-linux {@code script}'s making, its input {@code typed};
     * null where there is no such {@code script}.
     */
    private Run launchOnTerminal(Map<String, String> env, String typed, String... args)
            throws IOException, InterruptedException {
        Process probe = new ProcessBuilder("script", "--version")
                .redirectErrorStream(true)
                .start();
        String version = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (probe.waitFor() != 0 || !version.contains("util-linux")) {
            return null;
        }
        StringBuilder line = new StringBuilder("exec /bin/bash '" + repo.resolve("claude-multi") + "'");
        for (String a : args) {
            line.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        Path input = Files.writeString(dir.resolve("typed"), typed);
        Map<String, String> withShell = new java.util.HashMap<>(env);
        withShell.put("SHELL", "/bin/sh");
        return launch(List.of("script", "-qec", line.toString(), "/dev/null"), withShell, input.toFile());
    }

    private Run launch(List<String> cmd, Map<String, String> env, File input) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().put("CLAUDE_SESSIONS_DIR", dir.resolve("state").toString());
        pb.environment().remove("CLAUDE_MULTI_JAVA_OPTS");
        pb.environment().remove("CLAUDE_MULTI_CDS");
        pb.environment().putAll(env);
        // Files of their own, so that launches may run at once.
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(input))
                .start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not end in 300 s");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Run version(Map<String, String> env) throws IOException, InterruptedException {
        return launch(env, "version");
    }

    private static void assertCleanVersion(Run r) {
        assertCleanVersion(r, Runtime.version().feature());
    }

    private static void assertCleanRunHelp(Run r) {
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: claude-multi run");
    }

    private static void assertCleanVersion(Run r, int javaFeature) {
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .startsWith("claude-multi ")
                .contains("\njava " + javaFeature + ".")
                .hasLineCount(2);
    }

    @Test
    void aDamagedOrForeignArchiveIsIgnoredSilently() throws Exception {
        damagedOrForeignArchives(
                Path.of(System.getProperty("java.home")), Runtime.version().feature());
    }

    /** Newer JDKs write archives and class lists differently: the same promises hold there. */
    @Test
    void aDamagedOrForeignArchiveIsIgnoredSilentlyOnANewerJava() throws Exception {
        Path newer = newerJdk();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                newer != null, "no JDK 19 or later in /usr/lib/jvm besides this one");
        damagedOrForeignArchives(newer, feature(newer));
    }

    private void damagedOrForeignArchives(Path javaHome, int feature) throws Exception {
        jarOfThisBuild();
        Map<String, String> env = Map.of("PATH", javaHome.resolve("bin") + File.pathSeparator + System.getenv("PATH"));
        assertCleanVersion(version(env), feature);
        // Both archives, the whole one (mapped by run) and the quick one (by version, status...),
        // each damaged alike; version and run --help between them map each.
        List<Path> archives = archivesMadeInTheBackground();
        assertCleanVersion(version(env), feature);
        assertCleanRunHelp(launch(env, "run", "--help"));

        // Cut short, as by a full disk: its checksum no longer matches, so it is not even mapped.
        for (Path archive : archives) {
            byte[] whole = Files.readAllBytes(archive);
            Files.write(archive, java.util.Arrays.copyOf(whole, whole.length / 3));
        }
        assertCleanVersion(version(env), feature);
        assertCleanRunHelp(launch(env, "run", "--help"));
        // Garbage that even carries a matching checksum: the JVM rejects it, and says nothing.
        byte[] garbage = new byte[200_000];
        new java.util.Random(7).nextBytes(garbage);
        for (Path archive : archives) {
            writeWithChecksum(archive, garbage);
        }
        assertCleanVersion(version(env), feature);
        assertCleanRunHelp(launch(env, "run", "--help"));
        // A real archive, but not this jar's: the JDK's own.
        Path jdkArchive = javaHome.resolve("lib").resolve("server").resolve("classes.jsa");
        if (Files.isRegularFile(jdkArchive)) {
            for (Path archive : archives) {
                writeWithChecksum(archive, Files.readAllBytes(jdkArchive));
            }
            assertCleanVersion(version(env), feature);
            assertCleanRunHelp(launch(env, "run", "--help"));
        }
        try (Stream<Path> left = Files.list(archives.get(0).getParent())) {
            assertThat(left.filter(f -> f.toString().endsWith(".building"))).isEmpty();
        }
    }

    private static Path newerJdk() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        Path self = Path.of(System.getProperty("java.home")).toRealPath();
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : (Iterable<Path>) homes::iterator) {
                if (Files.isExecutable(home.resolve("bin/java"))
                        && Files.isRegularFile(home.resolve("release"))
                        && !home.toRealPath().equals(self)
                        && feature(home) >= 19) {
                    return home;
                }
            }
        }
        return null;
    }

    private static int feature(Path javaHome) throws IOException {
        for (String line : Files.readAllLines(javaHome.resolve("release"))) {
            if (line.startsWith("JAVA_VERSION=")) {
                String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                return Integer.parseInt(v.split("[.+-]")[0]);
            }
        }
        return 0;
    }

    @Test
    void aCacheThatCannotBeWrittenIsIgnoredSilently() throws Exception {
        jarOfThisBuild();
        // A cache "directory" that is a file: nothing can be made under it, even by root.
        Files.writeString(cache, "not a directory");
        assertCleanVersion(version(Map.of()));
        Files.delete(cache);
        // A read-only cache directory (root may write anyway: then this is the ordinary case).
        Files.createDirectories(cache);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("r-x------"));
        if (!Files.isWritable(cache)) {
            assertCleanVersion(version(Map.of()));
            assertThat(cache.toFile().list()).isEmpty();
        }
    }

    /**
     * The launcher remembers where `java` led and the archive key's hash, to start no program for
     * them: a note that names another java, or garbage, is not believed, and the command is clean.
     */
    @Test
    void staleOrGarbledNotesOfTheLauncherAreNotBelieved() throws Exception {
        jarOfThisBuild();
        assertCleanVersion(version(Map.of()));
        archiveMadeInTheBackground(); // the notes go beside the archives, once their directory exists
        assertCleanVersion(version(Map.of()));
        Path cds = cache.resolve("claude-multi").resolve("cds");
        assertThat(cds.resolve("java-memo")).exists();
        assertThat(cds.resolve("key-memo")).exists();
        String javaOnPath = Files.readAllLines(cds.resolve("java-memo")).get(0);
        // The java on PATH now leads elsewhere (alternatives switched): a JDK 11 that must be refused.
        Path old = dir.resolve("jdk-11");
        fakeJava(old, "echo 'this java must not run' >&2; exit 3");
        Files.writeString(old.resolve("release"), "JAVA_VERSION=\"11.0.2\"\n");
        Files.writeString(cds.resolve("java-memo"), javaOnPath + "\n" + old.resolve("bin/java") + "\n");
        assertCleanVersion(version(Map.of()));
        assertThat(Files.readAllLines(cds.resolve("java-memo")).get(1))
                .isEqualTo(Path.of(javaOnPath).toRealPath().toString());
        // Garbage in both notes.
        Files.write(cds.resolve("java-memo"), new byte[] {0, 1, 2, '\n', '\n'});
        Files.writeString(cds.resolve("key-memo"), "not the tag\n$(touch " + dir.resolve("pwned") + ")\n");
        assertCleanVersion(version(Map.of()));
        assertThat(dir.resolve("pwned")).doesNotExist();
        List<String> key = Files.readAllLines(cds.resolve("key-memo"));
        assertThat(key).hasSize(2);
        assertThat(key.get(1)).matches("[0-9]+");
    }

    @Test
    void firstUsesAtOnceMakeOneArchiveAndEachCommandIsClean() throws Exception {
        jarOfThisBuild();
        List<java.util.concurrent.Future<Run>> runs = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> version(Map.of())));
            }
            for (var r : runs) {
                assertCleanVersion(r.get());
            }
            List<Path> archives = archivesMadeInTheBackground();
            try (Stream<Path> files = Files.list(archives.get(0).getParent())) {
                assertThat(files.filter(f -> f.toString().endsWith(".jsa")))
                        .as("one whole and one quick archive")
                        .containsExactlyInAnyOrderElementsOf(archives);
            }
            runs.clear();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> version(Map.of())));
            }
            for (var r : runs) {
                assertCleanVersion(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The archive is trained on a run of real sessions through the claude agent's path too, headless
     * and with the dashboard, and keeps every lambda a run's start links: one call site per line of
     * the training's class lists, even where two call sites are alike (the same method reference
     * twice), which the archive holds one class for each. Without that, such lambdas were made anew
     * at every start, and the dashboard's classes were read from the jar.
     */
    @Test
    void aRunAndItsDashboardFindTheirClassesInTheArchive() throws Exception {
        jarOfThisBuild();
        Path log = dir.resolve("classes.log");
        Map<String, String> env = Map.of(
                "CLAUDE_MULTI_JAVA_OPTS",
                "-XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1 -Xlog:class+load=info:file=" + log,
                "IS_SANDBOX",
                "1");
        assertCleanVersion(version(env));
        List<Path> archives = archivesMadeInTheBackground();
        Path claude = dir.resolve("claude");
        Files.writeString(
                claude,
                "#!/bin/sh\ncat >/dev/null\necho '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,"
                        + "\"result\":\"ok\",\"total_cost_usd\":0.001,\"num_turns\":1}'\n");
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwx------"));
        Path tasks = dir.resolve("tasks.json");
        Files.writeString(tasks, "[{\"id\":\"one\",\"prompt\":\"p\"}]");
        List<String> run = List.of(
                "run",
                tasks.toString(),
                "--claude",
                claude.toString(),
                "--isolation",
                "none",
                "--state-dir",
                dir.resolve("runs").toString());
        List<String> headless = new ArrayList<>(run);
        headless.add("--no-tui");
        Run r = launch(env, headless.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        List<String> loaded = Files.readAllLines(log);
        assertThat(loaded)
                .as("the run's classes were logged")
                .anyMatch(l -> l.contains(" dev.claudemulti.launch.local.SessionProcess source: shared objects file"));
        // Members writes the same method reference twice (TaskField did at sixteen fields).
        assertThat(loaded)
                .filteredOn(l -> l.contains("dev.claudemulti.task.TaskField$$Lambda")
                        || l.contains("dev.claudemulti.launch.local.Members$$Lambda"))
                .isNotEmpty()
                .allMatch(l -> l.endsWith("source: shared objects file"));
        // A record's own equals or hashCode, linked on first call, spins method-handle classes that
        // no archive holds (see Tokens): a run writes out those of the records it compares or keys.
        assertThat(loaded)
                .as("a record's generated equals/hashCode/toString was linked during the run")
                .noneMatch(l -> l.contains(" java.lang.runtime.ObjectMethods "));

        // The dashboard's classes too, where the training could give it a terminal. The dashboard
        // asks the terminal for its size; the answers are typed in advance, as the training does.
        String sizeReport = "\033[50;160R";
        List<String> dashboard = new ArrayList<>(run);
        dashboard.addAll(List.of("--tui", "--exit-when-done"));
        Run tui = launchOnTerminal(env, sizeReport.repeat(3), dashboard.toArray(String[]::new));
        if (tui != null) {
            assertThat(tui.code()).as(tui.out() + tui.err()).isZero();
            // Lanterna is left out: this test's jar names it on its Class-Path, not inside. So are
            // the lambdas: which of them a dashboard links depends on what happened while it ran.
            assertThat(Files.readAllLines(log))
                    .filteredOn(l -> l.contains(" dev.claudemulti.tui.") && !l.contains("$$Lambda"))
                    .as("the dashboard's classes were logged")
                    .hasSizeGreaterThan(40)
                    .allMatch(l -> l.endsWith("source: shared objects file"));
        }

        // status maps the quick archive: without the whole one, it still finds its classes in an archive.
        Files.delete(archives.get(0));
        Files.delete(Path.of(archives.get(0) + ".sum"));
        Run status = launch(env, "status", "--state-dir", dir.resolve("runs").toString());
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(Files.readAllLines(log))
                .filteredOn(l -> l.contains(" dev.claudemulti."))
                .as("status's classes were logged")
                .hasSizeGreaterThan(100)
                .allMatch(l -> l.endsWith("source: shared objects file"));
    }

    /**
     * The launcher remembers the jar's checksum while the jar is not newer than its note; a jar
     * swapped for another with an older time slips past that, and the JVM itself then refuses
     * the old jar's archive (it checks each jar's size and time), silently.
     */
    @Test
    void aJarSwappedForAnotherWithAnOlderTimeStillRunsClean() throws Exception {
        jarOfThisBuild();
        assertCleanVersion(version(Map.of()));
        archiveMadeInTheBackground();
        assertCleanVersion(version(Map.of()));
        Path jar = jarOfThisBuild("swapped.txt");
        Files.setLastModifiedTime(
                jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        assertCleanVersion(version(Map.of()));
        assertCleanVersion(version(Map.of()));
    }

    @Test
    void withoutJavaTheLauncherSaysWhatToInstall() throws Exception {
        Path bin = toolsWithoutJava();
        Run r = launch(Map.of("PATH", bin.toString(), "JAVA_HOME", "/nowhere"), "version");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .contains("no 'java' on PATH")
                .contains("Java 17 or later")
                .contains("openjdk-17-jdk")
                .contains("adoptium.net")
                .doesNotContain("JAVA_HOME");
    }

    @Test
    void anOlderJavaIsRefusedByName() throws Exception {
        Path bin = toolsWithoutJava();
        // A JDK with a release file, as every OpenJDK build has...
        Path jdk11 = dir.resolve("jdk11");
        fakeJava(jdk11, "echo 'java 11 must not be started' >&2; exit 1");
        Files.writeString(jdk11.resolve("release"), "IMPLEMENTOR=\"X\"\nJAVA_VERSION=\"11.0.2\"\n");
        Run r = launch(Map.of("PATH", jdk11.resolve("bin") + ":" + bin), "status");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("is Java 11.0.2")
                .contains("Java 17 or later")
                .contains("adoptium.net")
                .doesNotContain("must not be started");
        // ...and one without, asked with -version.
        Path jdk8 = dir.resolve("jdk8");
        fakeJava(jdk8, "echo 'openjdk version \"1.8.0_292\"' >&2");
        r = launch(Map.of("PATH", jdk8.resolve("bin") + ":" + bin), "status");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is Java 1.8.0_292").contains("Java 17 or later");
    }

    @Test
    void aBuildSaysWhatItIsDoingEverySoOften() throws Exception {
        // A stand-in for Maven that takes a few seconds, then leaves the jar where Maven would.
        Path jar = jarOfThisBuild();
        Path built = dir.resolve("built.jar");
        Files.move(jar, built);
        Path mvnw = repo.resolve("mvnw");
        Files.writeString(mvnw, """
                #!/bin/bash
                echo "Downloading from central: https://repo.maven.apache.org/maven2/x/y/1/y-1.pom"
                sleep 2
                echo "[INFO] --- compiler:3.13.0:compile (default-compile) @ claude-multi ---"
                sleep 2
                cp '%s' target/claude-multi.jar
                """.formatted(built));
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwx------"));
        Run r = launch(Map.of("CLAUDE_MULTI_BUILD_TICK", "1", "CLAUDE_MULTI_CDS", "off"), "version");
        assertCleanVersionAfterBuild(r);
        assertThat(r.err()
                        .lines()
                        .filter(l -> l.startsWith("claude-multi: still building"))
                        .count())
                .isGreaterThanOrEqualTo(2);
        assertThat(r.err()).contains("compiler:3.13.0:compile (default-compile)");

        // A failed build shows Maven's output and exits non-zero.
        Files.delete(jar);
        Files.writeString(mvnw, "#!/bin/bash\necho '[ERROR] COMPILATION ERROR: Foo.java'\nexit 1\n");
        r = launch(Map.of("CLAUDE_MULTI_CDS", "off"), "version");
        assertThat(r.code()).isNotZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("COMPILATION ERROR").contains("the build failed");
    }

    /** A source file anywhere under src/main (or in examples) newer than the jar rebuilds it; older ones do not. */
    @Test
    void aSourceNewerThanTheJarRebuildsItAndOlderOnesDoNot() throws Exception {
        Path jar = jarOfThisBuild();
        Path built = Files.copy(jar, dir.resolve("built.jar"));
        Path mvnw = repo.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/bash\ncp '%s' target/claude-multi.jar\n".formatted(built));
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwx------"));
        Path source = Files.createDirectories(repo.resolve("src/main/java/dev/x/deep"))
                .resolve("Y.java");
        Path example = Files.createDirectories(repo.resolve("examples")).resolve("tasks.json");
        java.nio.file.attribute.FileTime jarTime = Files.getLastModifiedTime(jar);
        java.nio.file.attribute.FileTime before =
                java.nio.file.attribute.FileTime.fromMillis(jarTime.toMillis() - 60_000);
        for (Path p : List.of(source, example)) {
            Files.writeString(p, "x");
            Files.setLastModifiedTime(p, before);
        }
        for (Path d : List.of(
                repo.resolve("src/main/java/dev/x/deep"),
                repo.resolve("src/main/java/dev/x"),
                repo.resolve("src/main/java/dev"),
                repo.resolve("src/main/java"),
                repo.resolve("src/main"),
                repo.resolve("examples"))) {
            Files.setLastModifiedTime(d, before);
        }
        Map<String, String> noArchive = Map.of("CLAUDE_MULTI_CDS", "off");
        assertCleanVersion(version(noArchive));

        for (Path changed : List.of(source, example)) {
            Files.setLastModifiedTime(
                    changed, java.nio.file.attribute.FileTime.fromMillis(jarTime.toMillis() + 60_000));
            assertCleanVersionAfterBuild(version(noArchive));
            Files.setLastModifiedTime(changed, before);
            Files.setLastModifiedTime(jar, jarTime);
            assertCleanVersion(version(noArchive));
        }
    }

    /**
     * A rebuild leaves the jar that running processes (a batch's orchestrator) have open whole: Maven's
     * jar step rewrites the file in place, as this stand-in does, and the launcher moves the old file
     * aside first. A build that fails puts it back.
     */
    @Test
    void aRebuildLeavesTheJarThatRunningProcessesHaveOpenWhole() throws Exception {
        Path rebuilt = Files.copy(jarOfThisBuild("rebuilt.txt"), dir.resolve("rebuilt.jar"));
        Path jar = jarOfThisBuild();
        byte[] before = Files.readAllBytes(jar);
        Path mvnw = repo.resolve("mvnw");
        // In place, as the jar plugin writes: the same file, truncated and written again.
        Files.writeString(mvnw, "#!/bin/bash\ncat '%s' > target/claude-multi.jar\n".formatted(rebuilt));
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwx------"));
        Path source =
                Files.createDirectories(repo.resolve("src/main/java/dev/x")).resolve("Y.java");
        Files.writeString(source, "x");
        java.nio.file.attribute.FileTime later = java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() + 60_000);
        Files.setLastModifiedTime(source, later);
        try (java.nio.channels.FileChannel open = java.nio.channels.FileChannel.open(jar)) {
            assertCleanVersionAfterBuild(version(Map.of("CLAUDE_MULTI_CDS", "off")));
            java.nio.ByteBuffer seen = java.nio.ByteBuffer.allocate(before.length + 1);
            while (open.read(seen, seen.position()) > 0) {
                // to the end of the file the process opened
            }
            assertThat(java.util.Arrays.copyOf(seen.array(), seen.position()))
                    .as("the jar a running process has open")
                    .isEqualTo(before);
        }
        assertThat(Files.readAllBytes(jar)).isEqualTo(Files.readAllBytes(rebuilt));
        assertThat(repo.resolve("target/claude-multi.jar.previous")).doesNotExist();

        // A failed build leaves the jar that worked.
        Files.writeString(mvnw, "#!/bin/bash\necho '[ERROR] COMPILATION ERROR: Foo.java'\nexit 1\n");
        Files.setLastModifiedTime(
                source,
                java.nio.file.attribute.FileTime.fromMillis(
                        Files.getLastModifiedTime(jar).toMillis() + 60_000));
        Run failed = version(Map.of("CLAUDE_MULTI_CDS", "off"));
        assertThat(failed.code()).isNotZero();
        assertThat(failed.err()).contains("the build failed");
        assertThat(Files.readAllBytes(jar)).isEqualTo(Files.readAllBytes(rebuilt));
        assertThat(repo.resolve("target/claude-multi.jar.previous")).doesNotExist();
    }

    private static void assertCleanVersionAfterBuild(Run r) {
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("claude-multi ").hasLineCount(2);
        assertThat(r.err()).startsWith("claude-multi: building ");
    }

    /** target/claude-multi.jar for the copy: this build's classes, and its libraries by Class-Path. */
    private Path jarOfThisBuild() throws IOException {
        return jarOfThisBuild(null);
    }

    /** The same, with one more (empty) entry when {@code extraEntry} is not null: another jar. */
    private Path jarOfThisBuild(String extraEntry) throws IOException {
        Path target = Files.createDirectories(repo.resolve("target"));
        Path jar = target.resolve("claude-multi.jar");
        List<String> libs = new ArrayList<>();
        Path classes = null;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.endsWith(Path.of("target", "classes"))) {
                classes = p;
            } else if (entry.endsWith(".jar")) {
                libs.add(p.toUri().toString());
            }
        }
        assertThat(classes).as("target/classes on the class path").isNotNull();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.claudemulti.Main");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", libs));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
            if (extraEntry != null) {
                out.putNextEntry(new JarEntry(extraEntry));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The whole archive and the quick one beside it, once the background build has made both. */
    private List<Path> archivesMadeInTheBackground() throws Exception {
        Path whole = archiveMadeInTheBackground();
        Path quick = Path.of(whole.toString().replaceFirst("\\.jsa$", ".quick.jsa"));
        assertThat(quick).isRegularFile();
        assertThat(Path.of(quick + ".sum")).isRegularFile();
        assertThat(Files.size(quick)).as("the quick archive is the smaller").isLessThan(Files.size(whole));
        return List.of(whole, quick);
    }

    /** The whole archive, once the background build has made it (the last file it puts in place). */
    private Path archiveMadeInTheBackground() throws Exception {
        Path cds = cache.resolve("claude-multi").resolve("cds");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(cds)) {
                try (Stream<Path> files = Files.list(cds)) {
                    List<Path> sums = files.filter(f -> f.toString().endsWith(".jsa.sum")
                                    && !f.toString().endsWith(".quick.jsa.sum"))
                            .toList();
                    Path archive = sums.isEmpty()
                            ? null
                            : Path.of(sums.get(0).toString().replaceFirst("\\.sum$", ""));
                    if (archive != null && Files.exists(archive) && !Files.exists(Path.of(archive + ".building"))) {
                        return archive;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no archive in " + cds + " after 240 s");
    }

    private static void writeWithChecksum(Path archive, byte[] bytes) throws Exception {
        Files.write(archive, bytes);
        Process p = new ProcessBuilder("cksum").redirectInput(archive.toFile()).start();
        String sum = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(p.waitFor()).isZero();
        Files.writeString(Path.of(archive + ".sum"), sum);
    }

    /** A PATH with what the launcher needs before it looks for Java, and no java. */
    private Path toolsWithoutJava() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("dirname", "readlink", "sed", "head", "cut")) {
            for (String d : List.of("/usr/bin", "/bin")) {
                if (Files.isExecutable(Path.of(d, tool)) && !Files.exists(bin.resolve(tool))) {
                    Files.createSymbolicLink(bin.resolve(tool), Path.of(d, tool));
                }
            }
        }
        return bin;
    }

    private static void fakeJava(Path home, String body) throws IOException {
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
    }
}
