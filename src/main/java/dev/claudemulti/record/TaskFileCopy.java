package dev.claudemulti.record;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.claudemulti.store.JsonTree;
import java.io.IOException;

/**
 * run.json's copy of the task file, as JSON (or as a JSON string when the file was not plain JSON).
 * Read from run.json, it stays bytes until something asks for it: a resume or a retry does, while
 * status and list, which read run.json of every live run, never do, and with a thousand tasks the
 * copy is most of the file. Equal copies have equal trees.
 */
public final class TaskFileCopy {
    private final byte[] source;
    private final int offset;
    private final int length;
    private JsonNode tree;

    private TaskFileCopy(JsonNode tree, byte[] source, int offset, int length) {
        this.tree = tree;
        this.source = source;
        this.offset = offset;
        this.length = length;
    }

    /** The copy that {@code tree} is; null for null. */
    public static TaskFileCopy of(JsonNode tree) {
        return tree == null ? null : new TaskFileCopy(tree, null, 0, 0);
    }

    /** The copy that {@code length} bytes of {@code source} from {@code offset} hold, read when first asked for. */
    static TaskFileCopy unread(byte[] source, int offset, int length) {
        return new TaskFileCopy(null, source, offset, length);
    }

    /** The copy as JSON; a missing node if its bytes, unread until now, are not JSON after all. */
    @JsonValue
    public synchronized JsonNode tree() {
        if (tree == null) {
            JsonNode read;
            try {
                read = JsonTree.parse(source, offset, length, true);
            } catch (IOException | RuntimeException e) {
                read = null; // run.json parsed whole before the value was skipped: not expected
            }
            tree = read == null ? MissingNode.getInstance() : read;
        }
        return tree;
    }

    /** The task file's text as recorded, or null if the copy is empty. */
    public String text() {
        JsonNode t = tree();
        if (t.isNull() || t.isMissingNode()) {
            return null;
        }
        return t.isTextual() ? t.asText() : t.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskFileCopy other && tree().equals(other.tree());
    }

    @Override
    public int hashCode() {
        return tree().hashCode();
    }

    @Override
    public String toString() {
        return "TaskFileCopy[" + (tree == null ? length + " bytes unread" : tree.getNodeType()) + "]";
    }
}
