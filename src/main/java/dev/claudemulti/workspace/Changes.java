package dev.claudemulti.workspace;

/** What a session's commit changed against its base, as {@code git diff --shortstat} counts it. */
public record Changes(int files, int insertions, int deletions) {
    public static final Changes NONE = new Changes(0, 0, 0);

    public boolean isEmpty() {
        return files == 0;
    }

    /** "+120 −8 · 5 files", or "no changes": how every view of a session shows its changes. */
    public String summary() {
        if (isEmpty()) {
            return "no changes";
        }
        return "+" + insertions + " \u2212" + deletions + " \u00b7 " + files + (files == 1 ? " file" : " files");
    }
}
