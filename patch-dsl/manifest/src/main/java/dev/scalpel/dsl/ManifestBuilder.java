package dev.scalpel.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds a manifest in code (for tests and tools) through the parser's own validation: what
 * {@link ManifestParser} rejects, {@link #build()} rejects with the same messages. Those messages
 * are located at {@code <builder>:N:1}, N being the patch's 1-based position.
 *
 * <pre>{@code
 * Manifest manifest = Manifest.builder()
 *     .patch("PRICE-1432", p -> p.target("com.acme.Cart#total(int)").returns(Constant.of(0)))
 *     .build();
 * }</pre>
 */
public final class ManifestBuilder {

  /** The file name that problems of a built manifest carry. */
  static final String SOURCE = "<builder>";

  private final List<PatchBuilder> patches = new ArrayList<>();

  ManifestBuilder() {}

  /**
   * Adds a patch with this id, described by {@code spec}, after the patches added before.
   *
   * @throws NullPointerException if an argument is null
   */
  public ManifestBuilder patch(String id, Consumer<PatchBuilder> spec) {
    PatchBuilder patch = new PatchBuilder(id);
    Objects.requireNonNull(spec, "spec").accept(patch);
    patches.add(patch);
    return this;
  }

  /**
   * The manifest of the patches added so far, with no file locations. The builder may be used
   * again afterwards.
   *
   * @throws ManifestException listing every problem, as the parser would for the same manifest
   */
  public Manifest build() {
    Problems problems = new Problems(SOURCE);
    Location start = problems.at(1, 1);
    List<Value> items = new ArrayList<>();
    for (int i = 0; i < patches.size(); i++) {
      items.add(patches.get(i).toValue(problems.at(i + 1, 1)));
    }
    Value.Mapping root = new Value.Mapping(start, List.of(
        new Value.Entry(Key.SCALPEL.spelling(), start,
            new Value.Scalar(start, Constant.Kind.INTEGER, Integer.toString(ManifestReader.VERSION))),
        new Value.Entry(Key.PATCHES.spelling(), start, new Value.Sequence(start, items))));
    Manifest manifest = ManifestReader.read(Optional.of(root), problems);
    return new Manifest(manifest.version(), manifest.patches(), Map.of());
  }
}
