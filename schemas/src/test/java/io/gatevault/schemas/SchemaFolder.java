package io.gatevault.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * A folder of .avsc files laid out like src/main/avro: shared types in common/, one event per file
 * at the top. Parsed the way the avro-maven-plugin does: shared types first, so events can refer to
 * them by name.
 */
final class SchemaFolder {

  static final Path CURRENT = Path.of("src/main/avro");
  static final Path RELEASES = Path.of("src/main/resources/compat");

  private SchemaFolder() {}

  /** Event schemas (top-level files, not common/) by full name. */
  static Map<String, Schema> eventSchemas(Path folder) {
    Schema.Parser parser = new Schema.Parser();
    Path common = folder.resolve("common");
    if (Files.isDirectory(common)) {
      avscFiles(common).forEach(file -> parse(parser, file));
    }
    Map<String, Schema> events = new TreeMap<>();
    for (Path file : avscFiles(folder)) {
      Schema schema = parse(parser, file);
      events.put(schema.getFullName(), schema);
    }
    return events;
  }

  /** Released version folders (v1, v2, ...) by name, in release order. */
  static Map<String, Path> releasedVersions() {
    Map<String, Path> versions = new TreeMap<>();
    try (Stream<Path> children = Files.list(RELEASES)) {
      children
          .filter(Files::isDirectory)
          .filter(dir -> dir.getFileName().toString().matches("v\\d+"))
          .forEach(dir -> versions.put(dir.getFileName().toString(), dir));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list released schema versions in " + RELEASES, e);
    }
    return versions;
  }

  private static List<Path> avscFiles(Path folder) {
    try (Stream<Path> children = Files.list(folder)) {
      return children.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list schemas in " + folder, e);
    }
  }

  private static Schema parse(Schema.Parser parser, Path file) {
    try {
      return parser.parse(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read schema " + file, e);
    }
  }
}
