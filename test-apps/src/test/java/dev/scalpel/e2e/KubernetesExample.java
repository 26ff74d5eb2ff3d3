package dev.scalpel.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The fleet example of the repository's {@code examples/kubernetes}, read as Kubernetes and Docker
 * would read it: the pricing container of {@code deployment.yaml} (its command, its
 * {@code JAVA_TOOL_OPTIONS}, its volumes and where each is mounted, its metrics port), the
 * exporter's configuration held by the ConfigMap of {@code jmx-exporter.yaml}, and the files the
 * {@code Dockerfile} copies into the image.
 *
 * @param dir              the example's folder
 * @param command          the container's command, as written
 * @param javaToolOptions  the container's {@code JAVA_TOOL_OPTIONS}, as written
 * @param mounts           each volume's name and the path it is mounted at
 * @param configMaps       each ConfigMap volume's name and the ConfigMap it mounts
 * @param metricsPort      the container port named {@code metrics}
 * @param exporterConfig   the ConfigMap {@code pricing-jmx-exporter}'s {@code config.yaml}
 * @param image            each file of the image, by its path there, and the repository file copied
 */
record KubernetesExample(Path dir, List<String> command, String javaToolOptions, Map<String, String> mounts,
    Map<String, String> configMaps, int metricsPort, String exporterConfig, Map<String, Path> image) {

  /** The container the example runs. */
  static final String CONTAINER = "pricing";

  /** Reads the example from the repository, {@code scalpel.repository.dir}. */
  static KubernetesExample read() {
    String root = System.getProperty("scalpel.repository.dir");
    if (root == null || root.isBlank()) {
      throw new IllegalStateException("System property scalpel.repository.dir is not set; run the end-to-end tests"
          + " with mvn verify, whose pom sets it");
    }
    Path repository = Path.of(root).toAbsolutePath().normalize();
    Path dir = repository.resolve("examples/kubernetes");
    Map<String, Object> deployment = map(yaml(dir.resolve("deployment.yaml")), "deployment.yaml");
    Map<String, Object> pod = map(path(deployment, "spec", "template", "spec"), "the pod spec");
    Map<String, Object> container = list(pod.get("containers"), "containers").stream()
        .map(c -> map(c, "a container"))
        .filter(c -> CONTAINER.equals(c.get("name")))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("deployment.yaml has no container named " + CONTAINER));
    List<String> command = list(container.get("command"), "command").stream().map(String::valueOf).toList();
    String options = list(container.get("env"), "env").stream()
        .map(e -> map(e, "an env entry"))
        .filter(e -> "JAVA_TOOL_OPTIONS".equals(e.get("name")))
        .map(e -> String.valueOf(e.get("value")))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the container has no JAVA_TOOL_OPTIONS"));
    Map<String, String> mounts = new LinkedHashMap<>();
    for (Object m : list(container.get("volumeMounts"), "volumeMounts")) {
      Map<String, Object> mount = map(m, "a volumeMount");
      mounts.put(String.valueOf(mount.get("name")), String.valueOf(mount.get("mountPath")));
    }
    Map<String, String> configMaps = new LinkedHashMap<>();
    for (Object v : list(pod.get("volumes"), "volumes")) {
      Map<String, Object> volume = map(v, "a volume");
      if (volume.get("configMap") != null) {
        configMaps.put(String.valueOf(volume.get("name")), String.valueOf(map(volume.get("configMap"), "configMap").get("name")));
      }
    }
    int port = list(container.get("ports"), "ports").stream()
        .map(p -> map(p, "a port"))
        .filter(p -> "metrics".equals(p.get("name")))
        .map(p -> ((Number) p.get("containerPort")).intValue())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the container has no port named metrics"));
    Map<String, Object> exporter = map(yaml(dir.resolve("jmx-exporter.yaml")), "jmx-exporter.yaml");
    String exporterConfig = String.valueOf(map(exporter.get("data"), "data").get("config.yaml"));
    return new KubernetesExample(dir, command, options, mounts, configMaps, port, exporterConfig,
        image(repository, dir.resolve("Dockerfile")));
  }

  /** The path where the volume {@code name} is mounted. */
  String mountPath(String name) {
    String path = mounts.get(name);
    if (path == null) {
      throw new IllegalStateException("the container mounts no volume named " + name + "; it mounts " + mounts);
    }
    return path;
  }

  // COPY SOURCE DEST, with SOURCE relative to the build context, the repository's root.
  private static Map<String, Path> image(Path repository, Path dockerfile) {
    Map<String, Path> files = new LinkedHashMap<>();
    for (String line : read(dockerfile).lines().toList()) {
      String[] words = line.strip().split("\\s+");
      if (words.length == 3 && words[0].equals("COPY")) {
        files.put(words[2], repository.resolve(words[1]));
      }
    }
    return files;
  }

  private static Object yaml(Path file) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(read(file));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the example's " + file, e);
    }
  }

  private static Object path(Map<String, Object> root, String... keys) {
    Object node = root;
    for (String key : keys) {
      node = map(node, key).get(key);
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node, String what) {
    if (!(node instanceof Map)) {
      throw new IllegalStateException(what + " is not a mapping: " + node);
    }
    return (Map<String, Object>) node;
  }

  private static List<?> list(Object node, String what) {
    if (!(node instanceof List)) {
      throw new IllegalStateException(what + " is not a list: " + node);
    }
    return (List<?>) node;
  }
}
