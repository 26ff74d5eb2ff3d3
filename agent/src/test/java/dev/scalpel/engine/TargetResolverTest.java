package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.dsl.Target;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Finding a target's method in a class shape, and the message when there is none. */
final class TargetResolverTest {

  private static final ClassShapes CLASSES = new ClassShapes(ClassFiles.of(TargetResolverTest.class.getClassLoader()));

  /** Methods of every shape a target may name. */
  abstract static class Shapes implements Comparable<Shapes> {
    int over(int a) {
      return a;
    }

    int over(String a) {
      return 0;
    }

    static int take(Shapes[] a, int[][] b) {
      return 0;
    }

    abstract void abs();

    native void nat();

    @Override
    public int compareTo(Shapes o) {
      return 0;
    }
  }

  private static final String NAME = Shapes.class.getName();

  private static TargetResolver.Resolution resolve(String spelling) {
    int open = spelling.indexOf('(');
    Optional<List<String>> params = open < 0 ? Optional.empty()
        : Optional.of(spelling.endsWith("()") ? List.of()
            : Arrays.asList(spelling.substring(open + 1, spelling.length() - 1).split(", ")));
    String method = open < 0 ? spelling : spelling.substring(0, open);
    return TargetResolver.resolve(CLASSES.find(NAME), new Target(NAME, method, params));
  }

  @Test
  void resolve_found_namesTheMethod() {
    // target spelling, descriptor of the method found
    String[][] cases = {
        {"over(int)", "(I)I"},
        {"over(java.lang.String)", "(Ljava/lang/String;)I"},
        {"take", "([L" + NAME.replace('.', '/') + ";[[I)I"},
        {"take(" + NAME + "[], int[][])", "([L" + NAME.replace('.', '/') + ";[[I)I"},
        {"compareTo", "(L" + NAME.replace('.', '/') + ";)I"},
        {"compareTo(java.lang.Object)", "(Ljava/lang/Object;)I"},
    };
    for (String[] c : cases) {
      TargetResolver.Resolution r = resolve(c[0]);
      assertThat(r.problem()).as(c[0]).isNull();
      assertThat(r.method().descriptor()).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void resolve_notFound_saysWhyAndWhatThereIs() {
    String[][] cases = {
        {"nope", "class " + NAME + " has no method nope"},
        {"nope()", "class " + NAME + " has no method nope()"},
        {"over(long)", "class " + NAME + " has no method over(long); it has [over(int), over(java.lang.String)]"},
        {"over", "method name over is overloaded in " + NAME
            + ": list the parameter types, one of [over(int), over(java.lang.String)]"},
        {"take(int)", "class " + NAME + " has no method take(int); it has [take(" + NAME + "[], int[][])]"},
        {"abs", "method abs() of " + NAME + " is abstract: target the implementation in a concrete class"},
        {"nat()", "method nat() of " + NAME + " is native: it has no bytecode to patch"},
        {"<init>", "class " + NAME + " has no method <init>"},
    };
    for (String[] c : cases) {
      TargetResolver.Resolution r = resolve(c[0]);
      assertThat(r.found()).as(c[0]).isFalse();
      assertThat(r.problem()).as(c[0]).isEqualTo(c[1]);
    }
  }
}
