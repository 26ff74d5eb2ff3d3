package dev.scalpel.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code scalpel:validate}: checks a manifest, hand-written or not, exactly as
 * {@code scalpel validate MANIFEST --classpath CP [--trust KEYS]} does, with the project's compile
 * class path as {@code CP}: syntax, every field, each patch jar against its sha256, each target
 * and fix signature against the classes, and with trust keys its signature. The build fails on
 * any problem, located in the manifest.
 */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.COMPILE,
    threadSafe = true)
public final class ValidateMojo extends ManifestGoal {

  /** A file of PEM public keys: when set, {@code MANIFEST.sig} must verify with one of them. */
  @Parameter(property = "scalpel.trust")
  private File trust;

  /** Creates the goal; Maven sets its parameters. */
  public ValidateMojo() {}

  @Override
  public void execute() throws MojoFailureException {
    Path manifestPath = manifestPath();
    List<String> args = new ArrayList<>(List.of("validate", manifestPath.toString(), "--classpath",
        ClassPath.of(project()).stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))));
    if (trust != null) {
      args.add("--trust");
      args.add(resolve(trust.getPath()).toString());
    }
    Cli.run(getLog(), manifestPath + " is not valid: the problems are listed above", args.toArray(String[]::new));
  }
}
