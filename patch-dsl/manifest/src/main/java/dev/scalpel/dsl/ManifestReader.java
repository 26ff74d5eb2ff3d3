package dev.scalpel.dsl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a manifest's tree, whether the YAML reader or the builder made it, and turns it into a
 * {@link Manifest}: the one place where the manifest's rules live.
 */
final class ManifestReader {

  /** The only manifest format version there is. */
  static final int VERSION = 1;

  private ManifestReader() {}

  /**
   * The manifest of {@code document}.
   *
   * @throws ManifestException listing everything wrong with it, together with what {@code problems} already holds
   */
  static Manifest read(Optional<Value> document, Problems problems) {
    Problems.Report report = problems.in("");
    Value root = document.orElse(null);
    if (!(root instanceof Value.Mapping map)) {
      boolean empty = root == null || (root instanceof Value.Scalar scalar && scalar.isAbsent());
      report.add(root == null ? problems.at(1, 1) : root.location(), empty
          ? "the manifest is empty; write scalpel: 1, then patches: and the patches under it"
          : "a manifest is a map with the keys scalpel and patches, not " + root.describe());
      throw problems.rejection(null);
    }
    Fields fields = Fields.of(map, Key.TOP_LEVEL, report);
    Optional<Value.Entry> version = fields.entry(Key.SCALPEL);
    if (version.isPresent()) {
      PatchReader.parse(Key.SCALPEL, version.get(), report, new PatchReader.Syntax(Key.SCALPEL));
    } else {
      report.add(map.location(), "the manifest has no format version; add scalpel: 1 as its first line");
    }
    List<PatchReader.Read> reads = patches(fields, map, problems);
    checkIds(reads, problems);
    checkTargets(reads, problems);
    problems.throwIfAny();
    List<Patch> patches = new ArrayList<>();
    Map<String, Location> locations = new LinkedHashMap<>();
    Map<String, Map<String, Location>> keyLocations = new LinkedHashMap<>();
    for (PatchReader.Read read : reads) {
      Patch patch = read.patch().orElseThrow();
      patches.add(patch);
      locations.put(patch.id(), read.at());
      keyLocations.put(patch.id(), Map.copyOf(read.keys()));
    }
    return new Manifest(VERSION, patches, locations, keyLocations);
  }

  private static List<PatchReader.Read> patches(Fields fields, Value.Mapping map, Problems problems) {
    Optional<Value.Entry> entry = fields.entry(Key.PATCHES);
    if (entry.isEmpty()) {
      problems.add(map.location(), "", "the manifest has no patches; add patches: and the patches under it,"
          + " or patches: [] for none");
      return List.of();
    }
    Value value = entry.get().value();
    if (value instanceof Value.Sequence list) {
      List<PatchReader.Read> reads = new ArrayList<>();
      for (Value item : list.items()) {
        Optional<PatchReader.Read> read = PatchReader.read(item, problems);
        if (read.isPresent()) {
          reads.add(read.get());
        }
      }
      return reads;
    }
    if (value instanceof Value.Scalar scalar && scalar.kind() == Constant.Kind.NULL) {
      problems.add(entry.get().keyLocation(), "", "patches has no value; list the patches under it,"
          + " or write patches: [] to declare none");
    } else {
      problems.add(value.location(), "", "patches takes a list of patches, each starting with - id:, not "
          + value.describe());
    }
    return List.of();
  }

  private static void checkIds(List<PatchReader.Read> reads, Problems problems) {
    Map<String, PatchReader.Read> first = new HashMap<>();
    for (PatchReader.Read read : reads) {
      if (read.id().isEmpty()) {
        continue;
      }
      String id = read.id().get();
      PatchReader.Read earlier = first.putIfAbsent(id, read);
      if (earlier != null) {
        problems.add(read.at(), id, "duplicate id; a patch with this id is already declared at line "
            + earlier.at().line() + "; give each patch its own id");
      }
    }
  }

  private static void checkTargets(List<PatchReader.Read> reads, Problems problems) {
    Map<String, List<PatchReader.Read>> byName = new HashMap<>();
    for (PatchReader.Read read : reads) {
      if (read.target().isEmpty()) {
        continue;
      }
      Target target = read.target().get().value();
      String name = target.className() + "#" + target.methodName();
      List<PatchReader.Read> sameName = byName.get(name);
      if (sameName == null) {
        sameName = new ArrayList<>(1);
        byName.put(name, sameName);
      }
      for (PatchReader.Read earlier : sameName) {
        Target other = earlier.target().orElseThrow().value();
        if (overlap(other, target)) {
          problems.add(read.target().get().at(), read.id().orElse(""), "patch "
              + earlier.id().map(id -> "'" + id + "'").orElse("without id") + " at line " + earlier.at().line()
              + " already targets " + other + "; a method takes one patch: merge them or remove one"
              + (other.parameterTypes().isEmpty() || target.parameterTypes().isEmpty()
                  ? " (a target without a parameter list means every method of that name)" : ""));
          break;
        }
      }
      sameName.add(read);
    }
  }

  private static boolean overlap(Target a, Target b) {
    return a.parameterTypes().isEmpty() || b.parameterTypes().isEmpty()
        || a.parameterTypes().equals(b.parameterTypes());
  }
}
