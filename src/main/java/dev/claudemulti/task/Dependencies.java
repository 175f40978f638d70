package dev.claudemulti.task;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the {@code dependsOn} of a file's tasks as a whole, once every task is read: each id
 * names another task of the file, and no task waits, directly or through others, for itself.
 *
 * <p>An unknown id and a task naming itself are reported at the element that names it; a cycle
 * once, at the id of its task first in the file, written whole ("a -> b -> c -> a": a depends on
 * b, b on c, c on a). Not guaranteed: that every cycle through a task is reported (overlapping
 * cycles report the first found; breaking it shows the next on the following load).
 */
final class Dependencies {
    private static final Comparator<Position> BY_PLACE =
            Comparator.comparingInt(Position::line).thenComparingInt(Position::column);

    private Dependencies() {}

    /**
     * @param tasks the tasks read without problems, in file order
     * @param idPositions where every id of the file was written, those of tasks with problems included
     * @param dependsOnAt where each element of a task's dependsOn was written, by task id
     */
    static void check(
            List<Task> tasks,
            Map<String, Position> idPositions,
            Map<String, List<Position>> dependsOnAt,
            Problems problems) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (Task t : tasks) {
            List<String> known = new ArrayList<>();
            List<String> deps = t.dependencies();
            List<Position> at = dependsOnAt.getOrDefault(t.id(), List.of());
            for (int i = 0; i < deps.size(); i++) {
                String dep = deps.get(i);
                Position where = i < at.size() ? at.get(i) : idPositions.get(t.id());
                if (dep.equals(t.id())) {
                    problems.at(where, "task " + Quoted.of(dep) + " depends on itself");
                } else if (!idPositions.containsKey(dep)) {
                    problems.at(
                            where,
                            "dependsOn names " + Quoted.of(dep) + ", which is not a task of this file"
                                    + DidYouMean.hint(dep, idPositions.keySet()));
                } else {
                    known.add(dep);
                }
            }
            edges.put(t.id(), known);
        }
        reportCycles(edges, idPositions, problems);
    }

    /**
     * Peels off every task whose dependencies are all peeled off; each task left waits for another
     * task left, so following first waits from it must come back round to a task already walked.
     */
    private static void reportCycles(
            Map<String, List<String>> edges, Map<String, Position> idPositions, Problems problems) {
        Map<String, Integer> unresolved = new HashMap<>();
        Map<String, List<String>> dependants = new HashMap<>();
        List<String> ready = new ArrayList<>();
        edges.forEach((id, deps) -> {
            // A dependency on a task that had problems of its own was reported there; it blocks nothing here.
            long inFile = deps.stream().filter(edges::containsKey).count();
            unresolved.put(id, (int) inFile);
            deps.stream()
                    .filter(edges::containsKey)
                    .forEach(d -> dependants
                            .computeIfAbsent(d, k -> new ArrayList<>())
                            .add(id));
            if (inFile == 0) {
                ready.add(id);
            }
        });
        for (int i = 0; i < ready.size(); i++) {
            for (String dependant : dependants.getOrDefault(ready.get(i), List.of())) {
                if (unresolved.merge(dependant, -1, Integer::sum) == 0) {
                    ready.add(dependant);
                }
            }
        }
        Set<String> reported = new HashSet<>();
        for (String start : edges.keySet()) {
            if (unresolved.get(start) == 0 || reported.contains(start)) {
                continue;
            }
            List<String> path = new ArrayList<>();
            Map<String, Integer> index = new HashMap<>();
            String at = start;
            while (!index.containsKey(at) && !reported.contains(at)) {
                index.put(at, path.size());
                path.add(at);
                at = edges.get(at).stream()
                        .filter(d -> edges.containsKey(d) && unresolved.get(d) > 0)
                        .findFirst()
                        .orElseThrow();
            }
            reported.addAll(path);
            if (index.containsKey(at)) {
                report(path.subList(index.get(at), path.size()), idPositions, problems);
            }
        }
    }

    /** Reports {@code cycle} starting from its task first in the file, at that task's id. */
    private static void report(List<String> cycle, Map<String, Position> idPositions, Problems problems) {
        int first = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (BY_PLACE.compare(idPositions.get(cycle.get(i)), idPositions.get(cycle.get(first))) < 0) {
                first = i;
            }
        }
        List<String> named = new ArrayList<>(cycle.subList(first, cycle.size()));
        named.addAll(cycle.subList(0, first));
        named.add(named.get(0));
        problems.at(
                idPositions.get(named.get(0)),
                "dependency cycle: " + String.join(" -> ", named) + " (each waits for the next to complete)");
    }
}
