package dev.scalpel.engine;

import dev.scalpel.dsl.Constant;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Fits a {@code returns:} constant to a method's return type, named by its binary name so the same
 * rule serves the check before apply (on class files) and the link at run time (on classes).
 */
final class Constants {

  private Constants() {}

  /**
   * The value to return, boxed, for a method returning {@code typeName}.
   *
   * @throws IllegalArgumentException saying why the constant does not fit
   */
  static Object fit(Constant constant, String typeName) {
    String text = constant.text();
    if (typeName.equals("void")) {
      throw misfit(constant, typeName, "a void method returns nothing: write skip: true instead");
    }
    switch (constant.kind()) {
      case NULL:
        if (isPrimitive(typeName)) {
          throw misfit(constant, typeName, "null cannot be a primitive value");
        }
        return null;
      case BOOLEAN:
        if (typeName.equals("boolean") || isBoxOrSuper(typeName, "java.lang.Boolean")) {
          return Boolean.valueOf(text);
        }
        throw misfit(constant, typeName, "a boolean fits only boolean and java.lang.Boolean");
      case INTEGER:
        return integer(constant, new BigInteger(text), typeName);
      case DECIMAL:
        return decimal(constant, new BigDecimal(text), typeName);
      case STRING:
        if (isBoxOrSuper(typeName, "java.lang.String")) {
          return text;
        }
        if ((typeName.equals("char") || typeName.equals("java.lang.Character")) && text.length() == 1) {
          return text.charAt(0);
        }
        throw misfit(constant, typeName, "a string fits java.lang.String (or char, if one character long)");
      default:
        throw new IllegalStateException("unknown constant kind " + constant.kind());
    }
  }

  private static Object integer(Constant c, BigInteger v, String typeName) {
    switch (typeName) {
      case "int", "java.lang.Integer":
        return (int) ranged(c, v, typeName, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case "long", "java.lang.Long":
        return ranged(c, v, typeName, Long.MIN_VALUE, Long.MAX_VALUE);
      case "short", "java.lang.Short":
        return (short) ranged(c, v, typeName, Short.MIN_VALUE, Short.MAX_VALUE);
      case "byte", "java.lang.Byte":
        return (byte) ranged(c, v, typeName, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case "float", "java.lang.Float", "double", "java.lang.Double", "java.math.BigDecimal":
        return decimal(c, new BigDecimal(v), typeName);
      case "java.math.BigInteger":
        return v;
      case "java.lang.Object", "java.lang.Number", "java.io.Serializable":
        return v.bitLength() < 32 ? (Object) v.intValue() : (Object) ranged(c, v, typeName, Long.MIN_VALUE, Long.MAX_VALUE);
      default:
        throw misfit(c, typeName, "a whole number fits int, long, short, byte, float, double, their boxes, "
            + "java.math.BigInteger and java.math.BigDecimal");
    }
  }

  private static Object decimal(Constant c, BigDecimal v, String typeName) {
    switch (typeName) {
      case "double", "java.lang.Double", "java.lang.Object", "java.lang.Number", "java.io.Serializable":
        return v.doubleValue();
      case "float", "java.lang.Float":
        return v.floatValue();
      case "java.math.BigDecimal":
        return v;
      default:
        throw misfit(c, typeName, "a decimal number fits float, double, their boxes and java.math.BigDecimal");
    }
  }

  private static long ranged(Constant c, BigInteger v, String typeName, long min, long max) {
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw misfit(c, typeName, "it is outside " + min + " to " + max);
    }
    return v.longValue();
  }

  private static final java.util.Set<String> PRIMITIVES =
      java.util.Set.of("boolean", "byte", "char", "short", "int", "long", "float", "double");

  private static boolean isPrimitive(String typeName) {
    return PRIMITIVES.contains(typeName);
  }

  private static boolean isBoxOrSuper(String typeName, String box) {
    return typeName.equals(box) || typeName.equals("java.lang.Object") || typeName.equals("java.io.Serializable")
        || (box.equals("java.lang.String") && typeName.equals("java.lang.CharSequence"));
  }

  private static IllegalArgumentException misfit(Constant c, String typeName, String why) {
    String shown = c.kind() == Constant.Kind.STRING ? "'" + c.text() + "'" : c.text();
    return new IllegalArgumentException("returns " + shown + " does not fit return type " + typeName + ": " + why);
  }
}
