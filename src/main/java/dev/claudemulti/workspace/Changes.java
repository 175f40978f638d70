package dev.claudemulti.workspace;

/** What a session's commit changed against its base, as {@code git diff --shortstat} counts it. */
public record Changes(int files, int insertions, int deletions) {
    public static final Changes NONE = new Changes(0, 0, 0);

    public boolean isEmpty() {
        return files == 0;
    }
}
