package io.recast.engine.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages are layers that import downward only (README, "Layout"): read from the
 * sources' import lines, so a change that breaks the rule fails here, before review. The CLI and
 * the benchmarks use the API only (the benchmarks also the engine's test-jar).
 * {@code scripts/architecture.sh} measures the same from the compiled classes.
 */
class LayeringTest {
    private static final Path ENGINE = Path.of("src/main/java");
    private static final Path CLI = Path.of("../cli/src/main/java");
    private static final Path BENCHMARKS = Path.of("../benchmarks/src/main/java");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(io\\.recast\\.engine[\\w.]*?)\\.[A-Z]",
            Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

    /** 0 api, 1 sql, 2 runtime, 3 steps, 4 run, 5 facade. */
    static int layer(String pkg) {
        if (pkg.equals("io.recast.engine.api")) {
            return 0;
        }
        if (pkg.equals("io.recast.engine") || pkg.equals("io.recast.engine.metrics")) {
            return 5;
        }
        return switch (pkg) {
            case "io.recast.engine.internal.sql" -> 1;
            case "io.recast.engine.internal.runtime" -> 2;
            case "io.recast.engine.internal.run" -> 4;
            default -> 3;
        };
    }

    @Test
    void noPackageImportsOneAboveIt() {
        List<String> upward = new ArrayList<>();
        imports(ENGINE).forEach((pkg, targets) -> targets.stream().filter(t -> layer(t) > layer(pkg))
                .forEach(t -> upward.add(pkg + " -> " + t)));
        assertThat(upward).isEmpty();
    }

    @Test
    void noTwoPackagesImportEachOther() {
        Map<String, Set<String>> imports = imports(ENGINE);
        List<String> both = new ArrayList<>();
        imports.forEach((pkg, targets) -> targets.stream()
                .filter(t -> pkg.compareTo(t) < 0 && imports.getOrDefault(t, Set.of()).contains(pkg))
                .forEach(t -> both.add(pkg + " <-> " + t)));
        assertThat(both).isEmpty();
    }

    @Test
    void theApiImportsNothingElseOfTheEngine() {
        assertThat(imports(ENGINE).getOrDefault("io.recast.engine.api", Set.of())).isEmpty();
    }

    @Test
    void theCliUsesOnlyTheApi() {
        assertThat(imports(CLI).values().stream().flatMap(Set::stream).filter(t -> t.contains(".internal")))
                .isEmpty();
    }

    @Test
    void theBenchmarksUseOnlyTheApiAndTheTestKit() {
        assertThat(imports(BENCHMARKS).values().stream().flatMap(Set::stream).filter(t -> t.contains(".internal")))
                .isEmpty();
    }

    @Test
    void theRuleSeesAnUpwardImport() {
        assertThat(layer("io.recast.engine.internal.cutover")).isGreaterThan(layer("io.recast.engine.internal.runtime"));
        assertThat(layer("io.recast.engine.internal.run")).isGreaterThan(layer("io.recast.engine.internal.cutover"));
        assertThat(layer("io.recast.engine")).isGreaterThan(layer("io.recast.engine.internal.run"));
        assertThat(imports(ENGINE)).as("the sources were found").containsKeys("io.recast.engine.internal.run",
                "io.recast.engine.api", "io.recast.engine.internal.sql");
        assertThat(imports(CLI)).as("the CLI's sources were found").containsKey("io.recast.cli");
        assertThat(imports(BENCHMARKS)).as("the benchmarks' sources were found").containsKey("io.recast.benchmarks");
    }

    /** Package to the engine packages its files import (its own left out). */
    private static Map<String, Set<String>> imports(Path root) {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String text = read(f);
                Matcher p = PACKAGE.matcher(text);
                String pkg = p.find() ? p.group(1) : "";
                Set<String> targets = out.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = IMPORT.matcher(text);
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        targets.add(m.group(1));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
