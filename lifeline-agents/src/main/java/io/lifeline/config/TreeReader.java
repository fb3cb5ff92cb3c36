package io.lifeline.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.lifeline.workflow.FieldPath;
import io.lifeline.workflow.InvalidWorkflowException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML or JSON text into the generic tree that {@code WorkflowParser} takes, and remembers
 * the line and column of every value by its {@link FieldPath}, so that an error about a field can
 * point at its line.
 *
 * <p>Jackson's streaming parser is used rather than its data binding so that the reader sees every
 * value with its location and can refuse what a plain mapping would quietly accept:
 * <ul>
 *   <li>a repeated key (the later value would win), refused with the key's path. We check it here
 *       instead of enabling {@code STRICT_DUPLICATE_DETECTION}, whose error knows no path;
 *   <li>a YAML alias ({@code *name}), which Jackson hands over as the plain string {@code name};
 *   <li>a second YAML document or trailing JSON, which would be ignored;
 *   <li>values with no place in the tree, such as {@code !!binary}.
 * </ul>
 * YAML 1.1's {@code yes}, {@code no}, {@code on} and {@code off} stay strings, as in YAML 1.2: a
 * selector {@code lang: no} means Norwegian, not {@code false}.
 */
final class TreeReader {

  // Factories are thread-safe and costly to build; parsers are not, so each read makes its own.
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final JsonFactory JSON = new JsonFactory();

  private final JsonParser parser;
  private final String format;
  private final String source;
  private final Map<FieldPath, JsonLocation> where = new HashMap<>();

  private TreeReader(JsonParser parser, String format, String source) {
    this.parser = parser;
    this.format = format;
    this.source = source;
  }

  /** A document's tree, and where each of its values was. */
  record Document(Object root, Map<FieldPath, JsonLocation> where) {

    /** {@code error} with the source and the line of its path, or of the nearest enclosing value. */
    InvalidWorkflowException locate(InvalidWorkflowException error, String source) {
      for (FieldPath p = error.path(); p != null; p = p.parent().orElse(null)) {
        JsonLocation at = where.get(p);
        if (at != null) {
          return error.at(source, at.getLineNr(), at.getColumnNr());
        }
      }
      return error.at(source, 0, 0);
    }
  }

  /**
   * Reads a configuration file as UTF-8.
   *
   * @throws InvalidWorkflowException naming the file and why it cannot be read
   */
  static String readFile(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      String reason = switch (e) {
        case NoSuchFileException x -> "no such file";
        case AccessDeniedException x -> "permission denied";
        case CharacterCodingException x -> "not UTF-8 text";
        default -> e.getClass().getSimpleName() + ": " + e.getMessage();
      };
      throw new InvalidWorkflowException(FieldPath.ROOT, "cannot be read: " + reason, e).at(file.toString(), 0, 0);
    }
  }

  /**
   * Reads one document of a file's text: JSON if {@code source} ends in {@code .json}, else YAML.
   * Editors on Windows may start a file with a byte-order mark; it is not part of the document.
   */
  static Document read(String text, String source) {
    boolean json = source.toLowerCase(Locale.ROOT).endsWith(".json");
    return read(text.startsWith("\uFEFF") ? text.substring(1) : text, source, json);
  }

  /**
   * Reads one document.
   *
   * @param json whether the text is JSON; otherwise it is YAML (which also reads most JSON, but not
   *     JSON indented with tabs)
   * @throws InvalidWorkflowException located in {@code source}, if the text is not one valid document
   */
  private static Document read(String text, String source, boolean json) {
    try (JsonParser parser = (json ? JSON : YAML).createParser(text)) {
      var reader = new TreeReader(parser, json ? "JSON" : "YAML", source);
      return new Document(reader.document(), Map.copyOf(reader.where));
    } catch (JsonProcessingException e) {
      throw syntaxError(e, json ? "JSON" : "YAML", source);
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string cannot fail", e);
    }
  }

  private Object document() throws IOException {
    if (parser.nextToken() == null) {
      return null; // empty, or only comments: the parser says what a workflow needs
    }
    Object root = value(FieldPath.ROOT);
    if (parser.nextToken() != null) {
      throw refuse(FieldPath.ROOT, "a file holds one workflow, but more follows it", parser.currentTokenLocation());
    }
    return root;
  }

  private Object value(FieldPath path) throws IOException {
    JsonLocation at = parser.currentTokenLocation();
    where.putIfAbsent(path, at);
    JsonToken token = parser.currentToken();
    return switch (token) {
      case START_OBJECT -> map(path);
      case START_ARRAY -> list(path);
      case VALUE_STRING -> string(path, at);
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
      case VALUE_TRUE, VALUE_FALSE -> bool(token);
      case VALUE_NULL -> null;
      // VALUE_EMBEDDED_OBJECT: YAML's !!binary and the like, which no field of a workflow takes.
      default -> throw refuse(path, "is typed " + format + " data (such as !!binary) that a workflow cannot hold;"
          + " write it as a string", at);
    };
  }

  private Map<String, Object> map(FieldPath path) throws IOException {
    var map = new LinkedHashMap<String, Object>();
    while (parser.nextToken() != JsonToken.END_OBJECT) {
      String key = parser.currentName();
      FieldPath at = path.key(key);
      if (map.containsKey(key)) {
        throw refuse(at, "duplicate key; a key may appear only once in a map", parser.currentTokenLocation());
      }
      where.put(at, parser.currentTokenLocation()); // the key's line reads better than the value's
      parser.nextToken();
      map.put(key, value(at));
    }
    return map;
  }

  private List<Object> list(FieldPath path) throws IOException {
    var list = new ArrayList<Object>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      list.add(value(path.index(list.size())));
    }
    return list;
  }

  private String string(FieldPath path, JsonLocation at) throws IOException {
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      throw refuse(path, "YAML aliases (*" + parser.getText() + ") are not supported; write the value out", at);
    }
    return parser.getText();
  }

  /** YAML 1.1 reads yes/no/on/off as booleans; like YAML 1.2 we keep them as the words written. */
  private Object bool(JsonToken token) throws IOException {
    String text = parser.getText();
    return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false") ? token == JsonToken.VALUE_TRUE : text;
  }

  private InvalidWorkflowException refuse(FieldPath path, String rule, JsonLocation at) {
    return new InvalidWorkflowException(path, rule).at(source, at.getLineNr(), at.getColumnNr());
  }

  /** SnakeYAML's marks are 0-based and say where the problem is; Jackson's location may be earlier. */
  private static InvalidWorkflowException syntaxError(JsonProcessingException e, String format, String source) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      var mark = marked.getProblemMark();
      return new InvalidWorkflowException(FieldPath.ROOT, "not valid YAML: " + marked.getProblem(), e)
          .at(source, mark.getLine() + 1, mark.getColumn() + 1);
    }
    String message = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
    JsonLocation at = e.getLocation();
    return new InvalidWorkflowException(FieldPath.ROOT, "not valid " + format + ": " + message, e)
        .at(source, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr());
  }
}
