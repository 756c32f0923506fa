package dev.scratchjava.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads one JSON object field by field, so that every error names the file and the field, and
 * unknown fields are refused instead of silently ignored.
 */
final class JsonFields {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final String where;
  private final ObjectNode node;
  private final Set<String> read = new HashSet<>();

  private JsonFields(String where, ObjectNode node) {
    this.where = where;
    this.node = node;
  }

  static JsonFields read(Path file) {
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new CatalogException(file + ": file not found");
    } catch (IOException e) {
      throw new CatalogException(file + ": not valid JSON: " + firstLine(e.getMessage()));
    }
    return of(file.toString(), root);
  }

  static JsonFields of(String where, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new CatalogException(where + ": expected a JSON object");
    }
    return new JsonFields(where, (ObjectNode) node);
  }

  String where() {
    return where;
  }

  private JsonNode required(String field) {
    read.add(field);
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new CatalogException(where + ": missing field '" + field + "'");
    }
    return value;
  }

  private CatalogException wrongType(String field, String expected) {
    return new CatalogException(where + ": field '" + field + "' must be " + expected);
  }

  String string(String field) {
    JsonNode value = required(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw wrongType(field, "a non-empty string");
    }
    return value.asText();
  }

  String optionalString(String field, String fallback) {
    return node.hasNonNull(field) ? string(field) : markRead(field, fallback);
  }

  int integer(String field) {
    JsonNode value = required(field);
    if (!value.isIntegralNumber()) {
      throw wrongType(field, "a whole number");
    }
    return value.asInt();
  }

  long longValue(String field) {
    JsonNode value = required(field);
    if (!value.isIntegralNumber()) {
      throw wrongType(field, "a whole number");
    }
    return value.asLong();
  }

  List<String> strings(String field) {
    JsonNode value = required(field);
    if (!value.isArray() || value.isEmpty()) {
      throw wrongType(field, "a non-empty list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual() || item.asText().isBlank()) {
        throw wrongType(field, "a non-empty list of strings");
      }
      out.add(item.asText());
    }
    return List.copyOf(out);
  }

  List<String> optionalStrings(String field) {
    return node.hasNonNull(field) ? strings(field) : markRead(field, List.of());
  }

  /** Each element of a list of objects, read by {@code reader}; errors name the element. */
  <T> List<T> objects(String field, Function<JsonFields, T> reader) {
    JsonNode value = required(field);
    if (!value.isArray() || value.isEmpty()) {
      throw wrongType(field, "a non-empty list of objects");
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonFields item = of(where + ": " + field + "[" + i + "]", value.get(i));
      out.add(reader.apply(item));
      item.finish();
    }
    return List.copyOf(out);
  }

  /** The object held by {@code field}; the caller reads it and calls {@link #finish()}. */
  JsonFields object(String field) {
    JsonNode value = required(field);
    return of(where + ": " + field, value);
  }

  Set<String> fieldNames() {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Refuses fields that no reader asked for: a typo must not be silently ignored. */
  void finish() {
    for (String name : fieldNames()) {
      if (!read.contains(name)) {
        throw new CatalogException(where + ": unknown field '" + name + "'");
      }
    }
  }

  void markRead(String field) {
    read.add(field);
  }

  private <T> T markRead(String field, T fallback) {
    read.add(field);
    return fallback;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
