package dev.scalpel.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class MethodSyntaxTest {

  @Test
  void identifierChecks_everyAsciiCharacter_asCharacterSays() {
    for (int c = 0; c < 0x80; c++) {
      assertThat(MethodSyntax.isIdentifierStart(c)).as("start %d", c).isEqualTo(Character.isJavaIdentifierStart(c));
      assertThat(MethodSyntax.isIdentifierPart(c)).as("part %d", c)
          .isEqualTo(Character.isJavaIdentifierPart(c) && !Character.isIdentifierIgnorable(c));
    }
  }


  @Test
  void target_parameterSpellings_normalized() {
    Map<String, List<String>> spellings = Map.of(
        "a.B#m()", List.of(),
        "a.B#m( )", List.of(),
        "a.B#m(int,long)", List.of("int", "long"),
        "a.B#m( int , java.lang.String[] )", List.of("int", "java.lang.String[]"),
        "a.B#m(java.lang.String...)", List.of("java.lang.String[]"),
        "a.B#m(int[]...)", List.of("int[][]"),
        "a.B#m(a.Outer$Inner[][])", List.of("a.Outer$Inner[][]"));
    spellings.forEach((text, types) ->
        assertThat(MethodSyntax.target(text).parameterTypes()).as(text).contains(types));
  }

  @Test
  void target_noParentheses_parameterListLeftOut() {
    assertThat(MethodSyntax.target("a.Outer$Inner#run")).isEqualTo(new Target("a.Outer$Inner", "run", Optional.empty()));
  }

  @Test
  void target_defaultPackageClass_accepted() {
    assertThat(MethodSyntax.target("Main#main(java.lang.String[])").className()).isEqualTo("Main");
  }

  @Test
  void target_descriptors_followTheNormalizedSpelling() {
    assertThat(MethodSyntax.target("a.B#m(int, a.B$C[], java.lang.String...)").parameterDescriptors())
        .contains(List.of("I", "[La/B$C;", "[Ljava/lang/String;"));
  }

  @Test
  void target_malformed_saysWhatToWrite() {
    Map<String, String> messages = Map.of(
        "a.B#m#n()", "target 'a.B#m#n()' has more than one '#'; write binary.class.Name#method(paramType, ...)",
        "a..B#m()", "target class 'a..B' has an empty name between dots; write dot-separated Java identifiers,"
            + " with $ for nested classes, e.g. com.acme.Outer$Inner",
        "a.B#", "target 'a.B#' has no method name after '#'; write binary.class.Name#method(paramType, ...)",
        "a.B#m((int))", "target 'a.B#m((int))' has nested parentheses; a parameter list holds only types,"
            + " e.g. (int, java.lang.String[])",
        "a.B#m(int)x", "target 'a.B#m(int)x' has text after ')'; end the target with its parameter list",
        "a.B#m(int x)", "target parameter 1 'int x' has a space in it; write the type alone, e.g. java.lang.String[]",
        "a.B#m(int[)", "target parameter 1 'int[' is not an array type; write arrays as int[] or java.lang.String[][]",
        "a.B#m(java..String)", "target parameter 1 'java..String' has an empty name between dots; write"
            + " dot-separated Java identifiers, with $ for nested classes, e.g. com.acme.Outer$Inner",
        "a.B#m(...)", "target parameter 1 '...' is not an array type; write arrays as int[] or java.lang.String[][]");
    messages.forEach((text, message) ->
        assertThatThrownBy(() -> MethodSyntax.target(text)).as(text).isInstanceOf(Invalid.class).hasMessage(message));
  }

  @Test
  void target_tooManyArrayDimensions_refused() {
    assertThatThrownBy(() -> MethodSyntax.target("a.B#m(int" + "[]".repeat(256) + ")"))
        .isInstanceOf(Invalid.class)
        .hasMessage("target parameter 1 has more than 255 array dimensions, the JVM's limit");
  }

  @Test
  void methodRef_classAndMethod_parsed() {
    assertThat(MethodSyntax.methodRef(Key.WHEN, "a.Fixes$Guards#applies"))
        .isEqualTo(new MethodRef("a.Fixes$Guards", "applies"));
  }

  @Test
  void methodRef_malformed_namesTheKey() {
    assertThatThrownBy(() -> MethodSyntax.methodRef(Key.FIX, "#total")).isInstanceOf(Invalid.class)
        .hasMessage("fix '#total' has no class name before '#'; write binary.Class#method, e.g. com.acme.hotfix.Fixes#total");
    assertThatThrownBy(() -> MethodSyntax.methodRef(Key.WHEN, "a.B#")).isInstanceOf(Invalid.class)
        .hasMessage("when 'a.B#' has no method name after '#'; write binary.Class#method, e.g. com.acme.hotfix.Fixes#appliesTo");
    assertThatThrownBy(() -> MethodSyntax.methodRef(Key.FIX, "a.B#<init>")).isInstanceOf(Invalid.class)
        .hasMessage("fix method '<init>' is not a Java identifier; write binary.Class#method, e.g. com.acme.hotfix.Fixes#total");
    assertThatThrownBy(() -> MethodSyntax.methodRef(Key.FIX, "a.1B#m")).isInstanceOf(Invalid.class)
        .hasMessageStartingWith("fix class 'a.1B' is not a binary class name: '1B' is not a Java identifier");
  }

  @Test
  void exceptionClass_nestedBinaryName_accepted() {
    assertThat(MethodSyntax.exceptionClass("a.Errors$Declined")).isEqualTo("a.Errors$Declined");
  }

  @Test
  void exceptionClass_array_refused() {
    assertThatThrownBy(() -> MethodSyntax.exceptionClass("java.lang.Exception[]")).isInstanceOf(Invalid.class)
        .hasMessageStartingWith("throws class 'java.lang.Exception[]' is not a binary class name");
  }
}
