package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet example of {@code examples/kubernetes}, run as its pod spec runs it: the container's
 * command and {@code JAVA_TOOL_OPTIONS} exactly as {@code deployment.yaml} writes them, with only
 * the image's files, the mount paths and the metrics port replaced by this machine's (the
 * exporter listens on loopback here). Each ConfigMap is laid out as the kubelet lays it out
 * ({@link ConfigMapMount}); where this machine allows a mount namespace, the JVM sees each one
 * read-only through a bind mount, its mount point mode 0777, as a pod does. The manifest is signed
 * with {@code scalpel keygen} and {@code sign}, as the example's README does, and the rollout and
 * the rollback are ConfigMap updates, each seen on the exporter's metrics endpoint; at the end the
 * command line, run without {@code JAVA_TOOL_OPTIONS} as the README's {@code kubectl exec} does,
 * reads the same state from the agent.
 */
final class KubernetesExampleIT {

  private static final String ID = "PRICE-1";
  private static final String MANIFEST = "hotfix.yaml";
  private static final String FIX_JAR = "price-fix.jar";
  private static final String HOTFIX_CONFIGMAP = "pricing-hotfix";
  private static final String TRUST_CONFIGMAP = "scalpel-trust";
  private static final String EXPORTER_CONFIGMAP = "pricing-jmx-exporter";

  /** Every JVM of the test waits on a loaded two-core machine: two agents, then three reloads. */
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  /**
   * Everything the application's standard error may hold: the JVM's note of the options it picked
   * up, Scalpel's info lines, and the JVM's class data sharing note that the README names.
   */
  private static final List<Pattern> EXPECTED_STDERR = List.of(
      Pattern.compile("Picked up JAVA_TOOL_OPTIONS: .*"),
      Pattern.compile("scalpel: info: .*"),
      Pattern.compile("OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes"
          + " because bootstrap classpath has been appended"));

  /**
   * Guards the example's promise: with both agents from {@code JAVA_TOOL_OPTIONS}, a signed
   * ConfigMap applies a fix to every call, an update narrows it to half of them (a rollout step),
   * a further one disables it (the rollback), and the exporter shows each step as
   * {@code scalpel_patch_state}, {@code scalpel_patch_calls_total} and {@code scalpel_manifest};
   * neither agent prints a warning, and the exporter reports no scrape error.
   */
  @AcrossJdks
  void example_configMapUpdates_rollOutAndBackOnMetrics(Jdk jdk, @TempDir Path dir) throws IOException, InterruptedException {
    KubernetesExample example = KubernetesExample.read();
    Scalpel scalpel = Scalpel.on(jdk, dir);
    Path keys = Files.createDirectory(dir.resolve("keys"));
    JvmResult keygen = scalpel.run("keygen", keys.toString());
    assertEquals(Scalpel.OK, keygen.exitCode(), keygen::describe);
    Path hotfix = Files.createDirectory(dir.resolve("hotfix"));
    Files.copy(FixJar.PRICING.path(), hotfix.resolve(FIX_JAR));

    Map<String, Path> volumes = new LinkedHashMap<>();
    for (String name : example.mounts().keySet()) {
      volumes.put(name, Files.createDirectories(dir.resolve("volumes").resolve(name)));
    }
    try (KubeletNode node = KubeletNode.forPodIn(dir)) {
      Map<String, ConfigMapMount> configMaps = new LinkedHashMap<>();
      for (Map.Entry<String, String> volume : example.configMaps().entrySet()) {
        configMaps.put(volume.getValue(), node.configMap(volume.getKey(), volumes.get(volume.getKey())));
      }
      run(example, jdk, dir, keys, hotfix, volumes, configMaps, node);
    }
  }

  private static void run(KubernetesExample example, Jdk jdk, Path dir, Path keys, Path hotfix, Map<String, Path> volumes,
      Map<String, ConfigMapMount> configMaps, KubeletNode node) throws IOException {
    Scalpel scalpel = Scalpel.on(jdk, dir);
    mount(configMaps, TRUST_CONFIGMAP).update(Map.of("scalpel.pub", Files.readAllBytes(keys.resolve("scalpel.pub"))));
    mount(configMaps, EXPORTER_CONFIGMAP).update(Map.of("config.yaml",
        example.exporterConfig().getBytes(StandardCharsets.UTF_8)));
    ConfigMapMount hotfixMount = mount(configMaps, HOTFIX_CONFIGMAP);
    publish(scalpel, keys, hotfix, hotfixMount, manifest(""));

    int port = freePort();
    Map<String, String> paths = new LinkedHashMap<>();
    example.image().forEach((inImage, file) -> paths.put(inImage, existing(file).toString()));
    example.mounts().forEach((name, mountPath) -> paths.put(mountPath, volumes.get(name).toString()));
    String portOption = "=" + example.metricsPort() + ":";
    assertTrue(example.javaToolOptions().contains(portOption),
        () -> "JAVA_TOOL_OPTIONS gives the exporter no port " + example.metricsPort() + ": " + example.javaToolOptions());
    String options = substitute(example.javaToolOptions(), paths).replace(portOption, "=127.0.0.1:" + port + ":");
    List<String> command = example.command().stream().map(word -> substitute(word, paths)).toList();
    assertEquals(List.of("java", "-jar"), command.subList(0, 2), () -> "the container's command " + example.command());

    URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    Path auditLog = volumes.get("audit").resolve("audit.jsonl");
    assertTrue(options.contains("audit=" + auditLog), () -> "the audit log is not in the audit volume: " + options);
    AuditTrail audit = new AuditTrail(auditLog);
    JvmRunner runner = new JvmRunner(jdk, dir).environment("JAVA_TOOL_OPTIONS", options).timeout(TIMEOUT);
    node.wrapper().ifPresent(runner::wrappedIn);
    try (RunningJvm app = runner.startJar(Path.of(command.get(2)), command.subList(3, command.size()).toArray(new String[0]))) {
      String first = audit.expectNext(app, "agent-started ok", "manifest-applied ok", "patch-activated " + ID + " pending",
          "patch-activated " + ID + " active").get(1).manifestSha256();
      app.awaitStdoutLine(PricingUnderLoad.FIXED);
      PrometheusScrape active = awaitScrape(app, metrics, "the patch active on its manifest, with calls on the fixed path",
          s -> state(s, "active") && manifest(s, first) && calls(s, "fixed") > 0);
      assertEquals(0.0, calls(active, "original"), active::describeScalpel);
      assertEquals(Optional.of(0.0), active.value("jmx_scrape_error"), active::text);
      double fixed = calls(active, "fixed");
      awaitScrape(app, metrics, "the fixed calls growing past " + fixed, s -> calls(s, "fixed") > fixed);

      publish(scalpel, keys, hotfix, hotfixMount, manifest("    rollout: 50%\n"));
      String half = audit.expectNext(app, "manifest-applied ok", "patch-rolled-back " + ID + " ok",
          "patch-activated " + ID + " active").get(0).manifestSha256();
      PrometheusScrape split = awaitScrape(app, metrics, "calls on the original path under a 50% rollout",
          s -> state(s, "active") && manifest(s, half) && calls(s, "original") > 0);
      double fixedAtHalf = calls(split, "fixed");
      awaitScrape(app, metrics, "the fixed calls growing past " + fixedAtHalf + " under a 50% rollout",
          s -> calls(s, "fixed") > fixedAtHalf);

      publish(scalpel, keys, hotfix, hotfixMount, manifest("    mode: disabled\n"));
      String disabled = audit.expectNext(app, "manifest-applied ok", "patch-rolled-back " + ID + " ok",
          "patch-activated " + ID + " disabled").get(0).manifestSha256();
      app.awaitStdout("the last line is the buggy total",
          lines -> !lines.isEmpty() && lines.get(lines.size() - 1).equals(PricingUnderLoad.BUGGY));
      PrometheusScrape off = awaitScrape(app, metrics, "the patch disabled on its manifest",
          s -> state(s, "disabled") && manifest(s, disabled));
      assertEquals(Map.of(stateSeries("disabled"), 1.0), off.named("scalpel_patch_state"), off::describeScalpel);
      AgentStatus status = scalpel.statusJson(app.pid());
      assertEquals(List.of(ID + " disabled"), status.states(), status::json);
      assertEquals(disabled, status.manifestSha256(), status::json);

      app.closeStdin();
      JvmResult result = app.finish();
      assertEquals(0, result.exitCode(), result::describe);
      List<String> unexpected = result.stderrLines().stream()
          .filter(line -> EXPECTED_STDERR.stream().noneMatch(p -> p.matcher(line).matches()))
          .toList();
      assertEquals(List.of(), unexpected, () -> "lines on stderr other than the expected ones\n" + result.describe());
      assertEquals("Picked up JAVA_TOOL_OPTIONS: " + options, result.stderrLines().get(0), result::describe);
    }
  }

  /** The example README's manifest, with {@code extra} lines added to its patch. */
  private static String manifest(String extra) {
    return "scalpel: 1\n"
        + "patches:\n"
        + "  - id: " + ID + "\n"
        + "    target: " + PricingIT.TOTAL + "\n"
        + "    fix: " + PricingIT.FIX + "\n"
        + "    jar: " + FIX_JAR + "\n"
        + "    sha256: " + FixJar.PRICING.sha256() + "\n"
        + "    ticket: " + ID + "\n"
        + "    reason: totals computed in double lose half cents\n"
        + extra;
  }

  /**
   * What the README tells the operator to do for each change: write the manifest, sign it, and
   * update the ConfigMap from the folder (the manifest, its signature and the fix jar); here the
   * update is the kubelet's.
   */
  private static void publish(Scalpel scalpel, Path keys, Path hotfix, ConfigMapMount mount, String yaml) throws IOException {
    Path manifest = ManifestFile.writeTo(hotfix.resolve(MANIFEST), yaml);
    JvmResult signed = scalpel.run("sign", manifest.toString(), "--key", keys.resolve("scalpel.key").toString());
    assertEquals(Scalpel.OK, signed.exitCode(), signed::describe);
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (Stream<Path> listed = Files.list(hotfix)) {
      for (Path file : listed.sorted(Comparator.naturalOrder()).toList()) {
        files.put(file.getFileName().toString(), Files.readAllBytes(file));
      }
    }
    assertEquals(List.of(MANIFEST, MANIFEST + ".sig", FIX_JAR).stream().sorted().toList(), List.copyOf(files.keySet()));
    mount.update(files);
  }

  /** Scrapes until a scrape satisfies {@code condition}, and returns that scrape. */
  private static PrometheusScrape awaitScrape(RunningJvm app, URI metrics, String what, Predicate<PrometheusScrape> condition) {
    AtomicReference<PrometheusScrape> last = new AtomicReference<>();
    app.await("the metrics at " + metrics + " show " + what, () -> PrometheusScrape.from(metrics)
        .map(s -> {
          last.set(s);
          return condition.test(s);
        })
        .orElse(false), () -> last.get() == null ? "nothing answered there" : last.get().describeScalpel());
    return last.get();
  }

  private static boolean state(PrometheusScrape scrape, String state) {
    return scrape.value(stateSeries(state)).orElse(0.0) == 1.0;
  }

  private static String stateSeries(String state) {
    return "scalpel_patch_state{id=\"" + ID + "\",state=\"" + state + "\"}";
  }

  private static boolean manifest(PrometheusScrape scrape, String sha256) {
    return scrape.value("scalpel_manifest{sha256=\"" + sha256 + "\"}").orElse(0.0) == 1.0;
  }

  /** The patch's calls on {@code path}, or -1 if the scrape has none. */
  private static double calls(PrometheusScrape scrape, String path) {
    return scrape.value("scalpel_patch_calls_total{id=\"" + ID + "\",path=\"" + path + "\"}").orElse(-1.0);
  }

  private static ConfigMapMount mount(Map<String, ConfigMapMount> configMaps, String configMap) {
    ConfigMapMount mount = configMaps.get(configMap);
    if (mount == null) {
      throw new IllegalStateException("deployment.yaml mounts no ConfigMap " + configMap + "; it mounts " + configMaps.keySet());
    }
    return mount;
  }

  /**
   * {@code text} with each key of {@code paths} replaced by its value, in one pass (a replacement
   * is never replaced again), the longest key first where two start at the same place.
   */
  private static String substitute(String text, Map<String, String> paths) {
    List<String> keys = new ArrayList<>(paths.keySet());
    keys.sort(Comparator.comparingInt(String::length).reversed());
    Pattern any = Pattern.compile(String.join("|", keys.stream().map(Pattern::quote).toList()));
    return any.matcher(text).replaceAll(match -> Matcher.quoteReplacement(paths.get(match.group())));
  }

  private static Path existing(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("The example's Dockerfile copies " + file + ", which does not exist; run mvn package");
    }
    return file;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
