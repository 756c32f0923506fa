package dev.scratchjava.operations;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.image.Sbom;
import dev.scratchjava.support.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes an SPDX document per selected image, variant and architecture under {@code sbom/}. */
public final class SbomDocuments {
  private final Workspace workspace;

  public SbomDocuments(Workspace workspace) {
    this.workspace = workspace;
  }

  /** Where the document of one image and architecture goes. */
  public static Path fileOf(Path output, Definition definition, Architecture arch) {
    return output.resolve("sbom").resolve(definition.id() + "-" + arch + ".spdx.json");
  }

  /** Returns the files written. */
  public List<Path> write(Selection selection) {
    Catalog catalog = workspace.catalog();
    Sbom sbom = new Sbom(workspace.unpacked());
    List<Path> written = new ArrayList<>();
    for (Definition definition : selection.definitions(catalog)) {
      for (Architecture arch : selection.architectures(definition)) {
        Path file = fileOf(workspace.output(), definition, arch);
        byte[] document = sbom.document(definition, catalog.lock(definition), arch);
        AtomicFiles.write(file, temp -> Files.write(temp, document));
        written.add(file);
      }
    }
    return written;
  }
}
