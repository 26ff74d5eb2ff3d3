package dev.scalpel.dsl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed and validated patch manifest. Two manifests are equal when their format version and
 * patches are equal; where they were read from (the file and each patch's location) is kept for
 * messages but takes no part in equality or in the canonical hash.
 */
public final class Manifest {

  private final int version;
  private final List<Patch> patches;
  private final Map<String, Location> locations;
  private final Map<String, Map<String, Location>> keyLocations;
  private final Map<String, Patch> byId;
  // Computed on first use: the canonical text of a large manifest takes a while to write, and
  // callers ask for the hash once per audit record. A race computes the same string twice, harmlessly.
  private String sha256;

  /**
   * A manifest of the given patches.
   *
   * @param version   the {@code scalpel:} format version
   * @param patches   the patches, in manifest order, ids unique
   * @param locations where each patch id was declared; may be empty for manifests built in code
   */
  public Manifest(int version, List<Patch> patches, Map<String, Location> locations) {
    this(version, patches, locations, Map.of());
  }

  /** A manifest read from a file: {@code keyLocations} holds, per patch id, where each of its keys is written. */
  Manifest(int version, List<Patch> patches, Map<String, Location> locations,
      Map<String, Map<String, Location>> keyLocations) {
    this.version = version;
    this.patches = List.copyOf(patches);
    this.locations = Map.copyOf(locations);
    this.keyLocations = Map.copyOf(keyLocations);
    Map<String, Patch> byId = new HashMap<>();
    for (Patch patch : this.patches) {
      byId.putIfAbsent(patch.id(), patch);
    }
    this.byId = byId;
  }

  /**
   * A builder that validates as {@link ManifestParser} does.
   *
   * @see ManifestBuilder
   */
  public static ManifestBuilder builder() {
    return new ManifestBuilder();
  }

  /** The {@code scalpel:} format version. */
  public int version() {
    return version;
  }

  /** The patches in manifest order. */
  public List<Patch> patches() {
    return patches;
  }

  /** The patch with this id, if declared (the first one, in a manifest built with repeated ids); takes constant time. */
  public Optional<Patch> patch(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Where the patch with this id was declared, if this manifest was read from a file. */
  public Optional<Location> location(String id) {
    return Optional.ofNullable(locations.get(id));
  }

  /**
   * Where the key {@code key} (as the manifest spells it, e.g. {@code approvedBy}) of the patch with
   * this id is written, if this manifest was read from a file and the patch has that key.
   */
  public Optional<Location> keyLocation(String id, String key) {
    return Optional.ofNullable(keyLocations.getOrDefault(id, Map.of()).get(key));
  }

  /**
   * The hex SHA-256 of this manifest's canonical text: the same for equal manifests, whatever the
   * comments, key order, quoting and whitespace of their source. Computed once per manifest.
   *
   * @see ManifestWriter#sha256(Manifest)
   */
  public String sha256() {
    String hash = sha256;
    if (hash == null) {
      hash = ManifestWriter.sha256(this);
      sha256 = hash;
    }
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Manifest other && version == other.version && patches.equals(other.patches);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, patches);
  }

  @Override
  public String toString() {
    return "Manifest[version=" + version + ", patches=" + patches + "]";
  }
}
