package dev.scalpel.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link TargetGlob#matches} against the regular expression each glob stood for before: literals joined by {@code .*}. */
final class TargetGlobTest {

  private static final List<String> GLOBS = List.of("*", "java.*", "com.acme.*", "*Foo", "*.Foo", "a*b*c", "a*a",
      "com.*.internal.*", "com.acme.Cart", "*$*", "a**".replace("**", "*"), "*a*", "ab*ba", "x*x*x");

  private static final List<String> CLASS_NAMES = List.of("", "a", "aa", "aba", "abba", "abc", "abbc", "acb", "x",
      "xx", "xxx", "xxxx", "xax", "java.util.List", "java", "javax.Foo", "com.acme.Cart", "com.acme.Cart$Line",
      "com.acmex.Foo", "com.acme", "com.acme.pricing.internal.Calc", "com.internal.X", "Foo", "a.Foo", "aFoo",
      "a$b", "$", "com.acme.internal.");

  @Test
  void matches_everyGlobAndName_asTheRegularExpression() {
    List<String> different = new ArrayList<>();
    for (String text : GLOBS) {
      TargetGlob glob = TargetGlob.parse(text);
      StringBuilder regex = new StringBuilder();
      for (String literal : text.split("\\*", -1)) {
        regex.append(regex.length() > 0 ? ".*" : "").append(Pattern.quote(literal));
      }
      Pattern pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
      for (String name : CLASS_NAMES) {
        if (glob.matches(name) != pattern.matcher(name).matches()) {
          different.add(text + " on " + Echo.quoted(name) + ": the regular expression says " + !glob.matches(name));
        }
      }
    }
    assertThat(different).isEmpty();
  }

  @Test
  void matches_packageGlob_coversSubpackagesOnly() {
    TargetGlob glob = TargetGlob.parse("com.acme.*");

    assertThat(glob.matches("com.acme.pricing.Cart")).isTrue();
    assertThat(glob.matches("com.acmex.Foo")).isFalse();
  }
}
