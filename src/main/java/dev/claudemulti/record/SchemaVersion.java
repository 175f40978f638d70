package dev.claudemulti.record;

/**
 * Versions of the state directory's records, written as {@code schema_version} in run.json, in
 * session.json and in every journal entry.
 *
 * <p>{@link #UNVERSIONED} (1) is what release 0.1.0 wrote, with no {@code schema_version} at
 * all; {@link #CURRENT} (2) adds the launcher's {@code handle} to the journal's session entries.
 * Readers accept both, and read a higher version as far as they understand it (unknown fields are
 * ignored); nothing here refuses a file for its version.
 */
public final class SchemaVersion {
    public static final int UNVERSIONED = 1;
    public static final int CURRENT = 2;

    private SchemaVersion() {}
}
