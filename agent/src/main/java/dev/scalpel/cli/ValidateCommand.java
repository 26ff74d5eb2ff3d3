package dev.scalpel.cli;

import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.ManifestException;
import dev.scalpel.dsl.ManifestParser;
import dev.scalpel.dsl.Policy;
import dev.scalpel.dsl.PolicyParser;
import dev.scalpel.engine.PatchCheck;
import dev.scalpel.trust.TrustedKeys;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scalpel validate MANIFEST [--classpath CP] [--trust KEYS] [--policy POLICY]}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Check a manifest without a JVM: its syntax, every field, and each patch jar against its sha256.",
        "With --classpath, also check each target class and method and each fix signature against those classes.",
        "With --trust, also check the signature MANIFEST.sig as an agent started with trust=KEYS does.",
        "With --policy, also check the manifest against the policy's rules as an agent started with policy=POLICY"
            + " would on an apply now."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the manifest is valid", "1:the manifest is invalid, breaks the policy, or the policy is malformed; each problem is printed with its location",
        "2:usage error"})
final class ValidateCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "MANIFEST", description = "the manifest file (YAML)")
  private Path manifest;

  @Option(names = {"--classpath", "-cp"}, paramLabel = "CP",
      description = {"the application's class path: jars and folders separated by '${sys:path.separator}';",
          "an executable fat jar (Spring Boot's BOOT-INF, a war's WEB-INF) counts with its nested jars"})
  private String classpath;

  @Option(names = "--trust", paramLabel = "KEYS",
      description = "a file of PEM public keys (EC P-256 or Ed25519): MANIFEST.sig must verify with one of them")
  private Path trust;

  @Option(names = "--policy", paramLabel = "POLICY", description = "a policy file (YAML): the manifest must meet its rules")
  private Path policy;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(manifest)) {
      spec.commandLine().getErr().println(manifest + ": no such file");
      return ScalpelCli.REFUSED;
    }
    Optional<TrustedKeys> keys = Optional.empty();
    if (trust != null) {
      try {
        keys = Optional.of(TrustedKeys.read(trust));
      } catch (IOException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--trust " + trust + ": cannot read the keys: " + e);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--trust " + trust + ": " + e.getMessage());
      }
    }
    Optional<Policy> rules = Optional.empty();
    if (policy != null) {
      try {
        rules = Optional.of(PolicyParser.parse(policy));
      } catch (ManifestException e) {
        spec.commandLine().getErr().println(e.getMessage());
        spec.commandLine().getErr().println("the policy " + policy + " is malformed; an agent started with it applies"
            + " no manifest");
        return ScalpelCli.REFUSED;
      }
    }
    byte[] bytes;
    Optional<byte[]> signature = Optional.empty();
    Path sig = manifest.resolveSibling(manifest.getFileName() + ".sig");
    try {
      try (InputStream in = Files.newInputStream(manifest)) {
        bytes = in.readNBytes(ManifestParser.MAX_BYTES + 1);
      }
      if (keys.isPresent() && Files.exists(sig)) {
        try (InputStream in = Files.newInputStream(sig)) {
          signature = Optional.of(in.readNBytes(TrustedKeys.MAX_SIGNATURE_BYTES + 1));
        }
      }
    } catch (IOException e) {
      spec.commandLine().getErr().println("cannot read " + manifest + " or its signature: " + e);
      return ScalpelCli.REFUSED;
    }
    if (keys.isPresent()) {
      try {
        keys.get().verify(sig, signature, bytes);
      } catch (TrustedKeys.Untrusted e) {
        spec.commandLine().getErr().println(manifest + ": " + e.getMessage());
        return ScalpelCli.REFUSED;
      }
    }
    Manifest parsed;
    try {
      parsed = ManifestParser.parse(manifest.toString(), bytes);
    } catch (ManifestException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return ScalpelCli.REFUSED;
    }
    Optional<List<Path>> cp = Optional.ofNullable(classpath)
        .map(text -> Arrays.stream(text.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of).toList());
    List<String> problems = new ArrayList<>();
    rules.ifPresent(p -> p.check(parsed, manifest.toString(), Instant.now()).forEach(v -> problems.add(v.toString())));
    try {
      problems.addAll(PatchCheck.validate(parsed, manifest.toString(), manifest.toAbsolutePath().getParent(), cp));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!problems.isEmpty()) {
      problems.forEach(spec.commandLine().getErr()::println);
      return ScalpelCli.REFUSED;
    }
    int n = parsed.patches().size();
    spec.commandLine().getOut().println(manifest + ": valid, " + n + (n == 1 ? " patch" : " patches")
        + (cp.isPresent() ? ", checked against the class path" : "")
        + (keys.isPresent() ? ", signed by a key in " + trust : "")
        + (rules.isPresent() ? ", meets the policy " + policy : ""));
    return ScalpelCli.OK;
  }
}
