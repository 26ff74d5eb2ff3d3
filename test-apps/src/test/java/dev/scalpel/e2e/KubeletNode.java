package dev.scalpel.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The kubelet's side of a node, for a pod whose folders are on this machine: each ConfigMap's
 * files live in a folder of the node ({@link ConfigMapMount}), bind-mounted read-only over the
 * pod's folder in a private mount namespace, as the kubelet mounts a ConfigMap volume into a
 * container; updates made on the node's side show through. The node's folders are on another file
 * system than the pod's ({@code /dev/shm}), as a node's kubelet folder is on another file system
 * than a container's root: the JDK tells a mount's read-only flag by the file system's device.
 * Their mode is 0777, as a ConfigMap mount point often is.
 *
 * <p>Where this machine cannot do that (no root, no {@code unshare}, no {@code /dev/shm} of its
 * own), the pod's folders are the ConfigMaps' own, writable, mode 0755: {@link #readOnly()} says
 * which. Close it to delete the node's folders.
 */
final class KubeletNode implements AutoCloseable {

  private final Optional<Path> root;
  private final Map<Path, Path> binds = new LinkedHashMap<>();

  private KubeletNode(Optional<Path> root) {
    this.root = root;
  }

  /** A node for a pod whose folders are under {@code dir}, read-only where this machine allows. */
  static KubeletNode forPodIn(Path dir) throws IOException, InterruptedException {
    Path shm = Path.of("/dev/shm");
    if (!"root".equals(System.getProperty("user.name")) || !Files.isDirectory(shm)
        || Files.getAttribute(shm, "unix:dev").equals(Files.getAttribute(dir, "unix:dev"))) {
      return new KubeletNode(Optional.empty());
    }
    Path root = Files.createTempDirectory(shm, "scalpel-kubelet-");
    if (!bindsWork(root, dir)) {
      deleteTree(root);
      return new KubeletNode(Optional.empty());
    }
    return new KubeletNode(Optional.of(root));
  }

  /** Whether the pod sees its ConfigMaps read-only. */
  boolean readOnly() {
    return root.isPresent();
  }

  /** The ConfigMap volume {@code name}, which the pod sees at {@code inPod}, an existing folder. */
  ConfigMapMount configMap(String name, Path inPod) throws IOException {
    Path onNode = root.isPresent() ? Files.createDirectory(root.get().resolve(name)) : inPod;
    Files.setPosixFilePermissions(onNode, PosixFilePermissions.fromString(readOnly() ? "rwxrwxrwx" : "rwxr-xr-x"));
    binds.put(onNode, inPod);
    return new ConfigMapMount(onNode);
  }

  /**
   * How to run the pod's JVM ({@link JvmRunner#wrappedIn}) so that it sees every ConfigMap made so
   * far read-only, if it does; the JVM keeps its process id ({@code sh} execs it).
   */
  Optional<String[]> wrapper() {
    return readOnly() ? Optional.of(readOnlyMounts(binds)) : Optional.empty();
  }

  /** Deletes the node's folders. */
  @Override
  public void close() throws IOException {
    if (root.isPresent()) {
      deleteTree(root.get());
    }
  }

  private static String[] readOnlyMounts(Map<Path, Path> binds) {
    StringBuilder script = new StringBuilder();
    binds.forEach((onNode, inPod) -> script.append("mount --bind '").append(onNode).append("' '").append(inPod)
        .append("' && mount -o remount,bind,ro '").append(inPod).append("' && "));
    script.append("exec \"$0\" \"$@\"");
    return new String[] {"unshare", "--mount", "--propagation", "private", "sh", "-c", script.toString()};
  }

  // Binds a probe folder read-only and checks that a write there fails inside and nothing arrives outside.
  private static boolean bindsWork(Path root, Path dir) throws IOException, InterruptedException {
    Path onNode = Files.createDirectory(root.resolve("probe"));
    Path inPod = Files.createDirectory(dir.resolve("kubelet-probe"));
    List<String> command = new ArrayList<>(List.of(readOnlyMounts(Map.of(onNode, inPod))));
    command.addAll(List.of("sh", "-c", "! touch \"$0\"/written 2>/dev/null", inPod.toString()));
    boolean works;
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve("kubelet-probe.out").toFile()).start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("unshare did not finish within 30 s: " + command);
      }
      works = process.exitValue() == 0 && !Files.exists(onNode.resolve("written"));
    } catch (IOException e) {
      works = false;
    }
    deleteTree(onNode);
    deleteTree(inPod);
    return works;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
