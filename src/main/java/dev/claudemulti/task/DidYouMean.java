package dev.claudemulti.task;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the one known name a misspelt name most likely meant. */
public final class DidYouMean {
    private DidYouMean() {}

    /**
     * The known name that {@code given} matches ignoring case, '_' and '-' ({@code allowed_tools}),
     * or else the single closest one within a small edit distance; empty when nothing is close
     * or two names are equally close.
     */
    public static Optional<String> among(String given, Collection<String> known) {
        if (given.length() > 64) {
            return Optional.empty();
        }
        String normalized = normalize(given);
        for (String name : known) {
            if (normalize(name).equals(normalized)) {
                return Optional.of(name);
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        String lower = given.toLowerCase(Locale.ROOT);
        for (String name : known) {
            int distance = distance(lower, name.toLowerCase(Locale.ROOT));
            if (distance > allowedDistance(name)) {
                continue;
            }
            if (distance < bestDistance) {
                best = name;
                bestDistance = distance;
                tie = false;
            } else if (distance == bestDistance) {
                tie = true;
            }
        }
        return tie ? Optional.empty() : Optional.ofNullable(best);
    }

    /** "; did you mean 'x'?" or "". */
    public static String hint(String given, Collection<String> known) {
        return among(given, known).map(name -> "; did you mean '" + name + "'?").orElse("");
    }

    // Short names are close to everything: "id" is two edits from "ab".
    private static int allowedDistance(String name) {
        if (name.length() >= 5) {
            return 2;
        }
        return name.length() >= 3 ? 1 : 0;
    }

    private static String normalize(String name) {
        return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance where swapping two neighbours counts as one edit ("tiemout"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
