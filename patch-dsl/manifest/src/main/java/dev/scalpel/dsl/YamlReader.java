package dev.scalpel.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads manifest text into a {@link Value} tree from SnakeYAML's parser events (no object is ever
 * constructed from the YAML; {@link YamlScalars} types plain scalars as YAML 1.1 does), refusing
 * what a manifest never needs: anchors and aliases, tags, several documents, deep nesting and
 * oversized input.
 */
final class YamlReader {

  /** The largest manifest read, in characters (code points). */
  static final int MAX_CODE_POINTS = 1 << 20;

  /** The deepest nesting read; a valid manifest needs 3 (manifest, patches list, patch). */
  static final int MAX_DEPTH = 16;

  private final String text;
  private final Problems problems;

  private YamlReader(String text, Problems problems) {
    this.text = text;
    this.problems = problems;
  }

  /**
   * The tree of {@code text}, or empty for a document with nothing in it. Problems that leave no
   * tree to validate are thrown at once; problems with single keys are added to {@code problems}.
   */
  static Optional<Value> read(String text, Problems problems) {
    return new YamlReader(text, problems).read();
  }

  private Optional<Value> read() {
    int size = text.codePointCount(0, text.length());
    if (size > MAX_CODE_POINTS) {
      problems.add(problems.at(1, 1), "", "the manifest has " + size + " characters, more than the limit of "
          + MAX_CODE_POINTS + " (1 MiB); split it or remove patches that are no longer needed");
      problems.throwIfAny();
    }
    // SnakeYAML's parser is used directly, and its events are turned into the tree here: a
    // manifest is never constructed into objects, and neither the Yaml front end nor the composer
    // and its resolver (regular expressions, tag tables: some 40 classes) are loaded for it.
    try {
      Node root = compose(new ParserImpl(new StreamReader(text), options()));
      problems.throwIfAny();
      return root == null ? Optional.empty() : Optional.of(convert(root));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      problems.add(mark == null ? problems.at(1, 1) : at(mark), "", syntaxMessage(e, mark));
    } catch (ReaderException e) {
      problems.add(locate(problems, text, e.getPosition()), "", String.format(
          "character U+%04X is not allowed in YAML; remove it or write it as an escape in a double-quoted string",
          e.getCodePoint()));
    } catch (YAMLException e) {
      problems.add(problems.at(1, 1), "", "invalid YAML: " + oneLine(e.getMessage()));
    }
    throw problems.rejection(null);
  }

  private static LoaderOptions options() {
    // A second line of defence: the event pass refuses what these limits would catch first, and
    // duplicate keys (which SnakeYAML checks only when constructing objects) are reported by Fields.
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setMaxAliasesForCollections(0);
    options.setAllowRecursiveKeys(false);
    options.setAllowDuplicateKeys(false);
    return options;
  }

  /**
   * The document's root node, or null for an empty stream; what is refused is added to
   * {@code problems}. The pass stops at the first anchor or alias, before anything could share a
   * node (an alias bomb is rejected after reading its first line), at a nesting too deep, and at a
   * second document.
   */
  private Node compose(Parser parser) {
    Node root = null;
    List<Node> open = new ArrayList<>();
    int documents = 0;
    while (parser.peekEvent() != null) {
      Event event = parser.getEvent();
      if (event instanceof AliasEvent alias) {
        refuseAnchors(event, "alias " + Echo.quoted("*" + alias.getAnchor()));
        return root;
      }
      if (event instanceof NodeEvent node && node.getAnchor() != null) {
        refuseAnchors(event, "anchor " + Echo.quoted("&" + node.getAnchor()));
        return root;
      }
      String tag = event instanceof ScalarEvent scalar ? scalar.getTag()
          : event instanceof CollectionStartEvent collection ? collection.getTag() : null;
      if (tag != null) {
        problems.add(at(event.getStartMark()), "", "YAML tag " + Echo.quoted(tag.replace(Tag.PREFIX, "!!"))
            + " is not supported; remove it (quote a value to make it a string)");
      }
      if (event instanceof CollectionStartEvent && open.size() + 1 > MAX_DEPTH) {
        problems.add(at(event.getStartMark()), "", "nested deeper than " + MAX_DEPTH
            + " levels; a manifest needs 3: the top-level map, the patches list and each patch's keys");
        return root;
      }
      if (event instanceof DocumentStartEvent && ++documents > 1) {
        problems.add(at(event.getStartMark()), "", "a second YAML document; a manifest is a single document:"
            + " remove this '---' and what follows, or merge it into the first");
        return root;
      }
      Node node = null;
      if (event instanceof ScalarEvent scalar) {
        node = new Node(at(event.getStartMark()), YamlScalars.kind(scalar.getValue(),
            scalar.getImplicit().canOmitTagInPlainScalar()), scalar.getValue(), null, false);
      } else if (event instanceof CollectionStartEvent) {
        node = new Node(at(event.getStartMark()), null, null, new ArrayList<>(), event instanceof MappingStartEvent);
      } else if (event instanceof CollectionEndEvent) {
        open.remove(open.size() - 1);
      }
      if (node != null) {
        if (open.isEmpty()) {
          root = node;
        } else {
          open.get(open.size() - 1).children.add(node);
        }
        if (node.children != null) {
          open.add(node);
        }
      }
    }
    return root;
  }

  private void refuseAnchors(Event event, String what) {
    problems.add(at(event.getStartMark()), "", what
        + ": anchors and aliases are not supported in a manifest; write each value out in full");
  }

  private Value convert(Node node) {
    if (node.children == null) {
      return new Value.Scalar(node.at, node.kind, node.text);
    }
    if (!node.mapping) {
      List<Value> items = new ArrayList<>(node.children.size());
      for (Node child : node.children) {
        items.add(convert(child));
      }
      return new Value.Sequence(node.at, items);
    }
    List<Value.Entry> entries = new ArrayList<>();
    for (int i = 0; i + 1 < node.children.size(); i += 2) {
      Node key = node.children.get(i);
      Value value = convert(node.children.get(i + 1));
      if (key.children == null) {
        entries.add(new Value.Entry(key.text, key.at, value));
      } else {
        problems.add(key.at, "", "a key must be a plain name such as target, not " + convert(key).describe());
      }
    }
    return new Value.Mapping(node.at, entries);
  }

  /**
   * A node of the document as the parser's events give it: a scalar (no children), or a list or
   * map whose children are its items, or its keys and values in turn.
   */
  private static final class Node {

    final Location at;
    final Constant.Kind kind;
    final String text;
    final List<Node> children;
    final boolean mapping;

    Node(Location at, Constant.Kind kind, String text, List<Node> children, boolean mapping) {
      this.at = at;
      this.kind = kind;
      this.text = text;
      this.children = children;
      this.mapping = mapping;
    }
  }

  private String syntaxMessage(MarkedYAMLException e, Mark mark) {
    if (mark != null && mark.getIndex() < text.codePointCount(0, text.length())
        && text.codePointAt(text.offsetByCodePoints(0, mark.getIndex())) == '\t') {
      return "tab character; YAML indents with spaces only: replace the tab with spaces";
    }
    StringBuilder message = new StringBuilder("invalid YAML: ").append(oneLine(e.getProblem()));
    if (e.getContext() != null) {
      message.append(" (").append(oneLine(e.getContext()));
      Mark context = e.getContextMark();
      if (context != null) {
        message.append(" started at line ").append(context.getLine() + 1).append(", column ")
            .append(context.getColumn() + 1);
      }
      message.append(')');
    }
    return message.toString();
  }

  private static String oneLine(String message) {
    return String.valueOf(message).replaceAll("\\s+", " ").trim();
  }

  private Location at(Mark mark) {
    return problems.at(mark.getLine() + 1, mark.getColumn() + 1);
  }

  /** The location in {@code text} of its code point at {@code index}, counting line breaks as YAML does. */
  static Location locate(Problems problems, String text, int index) {
    int line = 1;
    int column = 1;
    int seen = 0;
    for (int i = 0; i < text.length() && seen < index; i += Character.charCount(text.codePointAt(i)), seen++) {
      int c = text.codePointAt(i);
      boolean crlf = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
      if (!crlf && (c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029)) {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return problems.at(line, column);
  }
}
