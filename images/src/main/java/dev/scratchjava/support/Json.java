package dev.scratchjava.support;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * JSON through Jackson databinding, strictly: unknown fields, duplicate keys, numbers out of range
 * and strings where numbers belong are refused. Every error becomes one line that names the file
 * and the field, e.g. {@code java17/image.json: packages[1]: unknown field 'kep'}.
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .withCoercionConfig(LogicalType.Textual, config -> config
              .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
              .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
              .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private Json() {}

  /** Reads {@code file} as a {@code type}. */
  public static <T> T read(Path file, Class<T> type) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CatalogException(file + ": file not found");
    } catch (IOException e) {
      throw new CatalogException(file + ": unreadable: " + e.getMessage());
    }
    try {
      return MAPPER.readValue(bytes, type);
    } catch (JsonProcessingException e) {
      throw new CatalogException(file + ": " + describe(e));
    } catch (IOException e) {
      throw new CatalogException(file + ": unreadable: " + e.getMessage());
    }
  }

  /** On one line, as Docker writes an image's configuration. */
  public static String compact(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Pretty-printed, with a final line break, as the catalog's files are kept. */
  public static String pretty(Object value) {
    try {
      return MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code value} pretty-printed to {@code file}, whole or not at all. */
  public static void write(Path file, Object value) {
    String text = pretty(value);
    AtomicFiles.write(file, temp -> Files.writeString(temp, text));
  }

  /** A field's value that must be there: for records' compact constructors. */
  public static <T> T required(T value, String field) {
    if (value == null || value instanceof String text && text.isBlank()
        || value instanceof Collection<?> list && list.isEmpty()
        || value instanceof Map<?, ?> map && map.isEmpty()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    if (value instanceof Collection<?> list && list.stream().anyMatch(Json::blank)) {
      throw new IllegalArgumentException("field '" + field + "' must not hold empty entries");
    }
    return value;
  }

  /** An optional list: empty when absent, else without empty entries. */
  public static <T> List<T> optional(List<T> value, String field) {
    return value == null || value.isEmpty() ? List.of() : List.copyOf(required(value, field));
  }

  private static boolean blank(Object entry) {
    return entry == null || entry instanceof String text && text.isBlank();
  }

  /** One line: where in the document, and what is wrong there. */
  static String describe(JsonProcessingException e) {
    String where = e instanceof JsonMappingException mapping ? path(mapping.getPath()) : "";
    String what;
    if (e instanceof UnrecognizedPropertyException unknown) {
      where = path(unknown.getPath().subList(0, unknown.getPath().size() - 1));
      what = "unknown field '" + unknown.getPropertyName() + "'";
    } else if (e instanceof ValueInstantiationException invalid && invalid.getCause() != null) {
      what = invalid.getCause().getMessage();
    } else if (e instanceof InvalidNullException nulled) {
      where = path(nulled.getPath().subList(0, nulled.getPath().size() - 1));
      what = "field '" + last(nulled.getPath()) + "' must not be null";
    } else if (e instanceof InvalidFormatException format) {
      what = "field '" + last(format.getPath()) + "' must be " + expected(format.getTargetType())
          + ", not " + format.getValue();
    } else if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      where = path(mismatch.getPath().subList(0, mismatch.getPath().size() - 1));
      what = "field '" + last(mismatch.getPath()) + "' must be " + expected(mismatch.getTargetType());
    } else if (e.getCause() instanceof InputCoercionException || e instanceof InputCoercionException) {
      what = "a number is out of range: " + firstLine(e.getOriginalMessage());
    } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
      what = "a field appears twice: " + firstLine(e.getOriginalMessage());
    } else {
      what = "not valid JSON: " + firstLine(e.getOriginalMessage());
    }
    return where.isEmpty() ? what : where + ": " + what;
  }

  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      } else if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      }
    }
    return path.toString();
  }

  private static String last(List<JsonMappingException.Reference> references) {
    for (int i = references.size() - 1; i >= 0; i--) {
      if (references.get(i).getFieldName() != null) {
        return references.get(i).getFieldName();
      }
    }
    return "?";
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
      return "a whole number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isEnum()) {
      return "one of " + List.of(type.getEnumConstants()).stream().map(Object::toString)
          .collect(Collectors.joining(", "));
    }
    return "an object";
  }

  private static String firstLine(String message) {
    return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
  }
}
