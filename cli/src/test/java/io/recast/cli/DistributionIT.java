package io.recast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The distribution the build makes (target/recast-VERSION.tar.gz), unpacked as a user would: its
 * launcher runs (also through a symbolic link), its completion loads in bash, and the deploy/ files
 * it carries are valid: systemd's units verified by systemd-analyze, the Kubernetes manifest parsed
 * and its fields checked, the example policies read.
 */
class DistributionIT {
    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path target = Paths.get("target");
        Path archive;
        try (var files = Files.list(target)) {
            archive = files.filter(f -> f.getFileName().toString().matches("recast-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/recast-*.tar.gz: the package phase makes it"));
        }
        Path dir = Files.createTempDirectory("recast-dist");
        run(List.of("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", dir.toString()), null);
        try (var entries = Files.list(dir)) {
            home = entries.findFirst().orElseThrow();
        }
    }

    private static String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (env != null) {
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    @Test
    void theLauncherRunsTheJarAlsoThroughALink() throws Exception {
        assertThat(home.getFileName().toString()).startsWith("recast-");
        assertThat(home.resolve("lib/recast.jar")).isRegularFile();
        assertThat(home.resolve("README.md")).isRegularFile();
        Path launcher = home.resolve("bin/recast");
        assertThat(Files.isExecutable(launcher)).isTrue();
        assertThat(run(List.of(launcher.toString(), "--version"), null)).startsWith("recast ");
        Path link = Files.createTempDirectory("recast-bin").resolve("recast");
        Files.createSymbolicLink(link, launcher);
        assertThat(run(List.of(link.toString(), "maintain", "--help"), null)).contains("Usage: recast maintain");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path javaHome = Paths.get(java).getParent().getParent();
        assertThat(run(List.of(launcher.toString(), "bloat", "--help"), Map.of("JAVA_HOME", javaHome.toString(),
                "PATH", "/usr/bin:/bin"))).contains("Usage: recast bloat");
    }

    @Test
    void theCompletionLoadsInBash() throws Exception {
        Path completion = home.resolve("completion/recast");
        assertThat(completion).isRegularFile();
        String out = run(List.of("bash", "-c", "source " + completion + " && complete -p recast"), null);
        assertThat(out).contains("recast");
        assertThat(Files.readString(completion)).contains("maintain").contains("--min-interval").contains("bloat");
    }

    @Test
    void systemdVerifiesTheServiceAndTimer() throws Exception {
        assumeTrue(new ProcessBuilder("systemd-analyze", "--version").start().waitFor() == 0,
                "systemd-analyze is not installed here");
        Path dir = Files.createTempDirectory("recast-units");
        for (String unit : List.of("recast-maintain.service", "recast-maintain.timer")) {
            String text = Files.readString(home.resolve("deploy/systemd/" + unit))
                    // verify checks that the command exists: the unpacked launcher stands in for /opt/recast's
                    .replace("/opt/recast/bin/recast", home.resolve("bin/recast").toString());
            Files.writeString(dir.resolve(unit), text);
        }
        ProcessBuilder pb = new ProcessBuilder("systemd-analyze", "verify", dir.resolve("recast-maintain.service").toString(),
                dir.resolve("recast-maintain.timer").toString()).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        List<String> problems = new ArrayList<>(out.lines().filter(l -> !l.isBlank())
                // this machine may lack the service's user, which verify does not check anyway
                .filter(l -> !l.contains("Failed to resolve user")).toList());
        assertThat(problems).as(out).isEmpty();
        assertThat(p.exitValue()).as(out).isZero();
        String service = Files.readString(home.resolve("deploy/systemd/recast-maintain.service"));
        assertThat(service).contains("ExecStart=/opt/recast/bin/recast maintain --all-databases --until 05:00")
                .contains("SuccessExitStatus=10");
    }

    @Test
    void theCronJobNeverRunsTwoAtOnceAndRunsMaintain() throws Exception {
        List<Object> docs = new ArrayList<>();
        new Yaml().loadAll(Files.readString(home.resolve("deploy/kubernetes/recast-maintain-cronjob.yaml")))
                .forEach(docs::add);
        Map<?, ?> cronJob = (Map<?, ?>) docs.get(0);
        assertThat(cronJob.get("apiVersion")).isEqualTo("batch/v1");
        assertThat(cronJob.get("kind")).isEqualTo("CronJob");
        Map<?, ?> spec = (Map<?, ?>) cronJob.get("spec");
        assertThat(spec.get("concurrencyPolicy")).isEqualTo("Forbid");
        assertThat((String) spec.get("schedule")).matches("\\S+ \\S+ \\S+ \\S+ \\S+");
        Map<?, ?> pod = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) spec.get("jobTemplate")).get("spec"))
                .get("template")).get("spec");
        assertThat(pod.get("restartPolicy")).isEqualTo("Never");
        Map<?, ?> container = (Map<?, ?>) ((List<?>) pod.get("containers")).get(0);
        assertThat(container.get("command")).isEqualTo(List.of("/opt/recast/bin/recast"));
        List<String> parsed = new ArrayList<>();
        ((List<?>) container.get("args")).forEach(a -> parsed.add((String) a));
        assertThat(parsed.get(0)).isEqualTo("maintain");
        assertThat(parsed).contains("--all-databases", "--until", "05:00");
        // the arguments are recast maintain's: it parses them (and refuses nothing)
        parsed.set(parsed.indexOf("/etc/recast/maintain.conf"), home.resolve("deploy/maintain.conf").toString());
        Main.commandLine().parseArgs(parsed.toArray(String[]::new));
        Map<?, ?> configMap = (Map<?, ?>) docs.get(1);
        assertThat(configMap.get("kind")).isEqualTo("ConfigMap");
        String policy = (String) ((Map<?, ?>) configMap.get("data")).get("maintain.conf");
        assertThat(MaintainPolicy.parse("ConfigMap maintain.conf", policy.lines().toList()).tables)
                .extracting(io.recast.engine.api.TablePolicy::pattern).containsExactly("audit.*");
        assertThat(MaintainPolicy.read(home.resolve("deploy/maintain.conf")).run).containsEntry("min-size", "100MB");
    }
}
