package dev.scratchjava.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.rootfs.UnpackCache;
import dev.scratchjava.rootfs.Unpacked;
import dev.scratchjava.support.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SPDX 2.3 document for one image and architecture: the image (by its digest) contains each
 * locked package, with its version, a {@code pkg:deb} purl, the .deb's SHA-256 and the licences
 * its Debian copyright file declares (where that file is machine-readable).
 */
public final class Sbom {
  private static final ObjectMapper JSON = Json.MAPPER;
  private static final Pattern LICENSE = Pattern.compile("(?m)^License:[ \\t]*(\\S[^\\n]*)$");
  private static final Pattern SPDX_ID = Pattern.compile("[A-Za-z0-9.+-]+");
  /** Debian's short names where they differ from SPDX's. */
  private static final Map<String, String> DEBIAN_TO_SPDX =
      Map.ofEntries(
          Map.entry("GPL-2", "GPL-2.0-only"), Map.entry("GPL-2+", "GPL-2.0-or-later"),
          Map.entry("GPL-3", "GPL-3.0-only"), Map.entry("GPL-3+", "GPL-3.0-or-later"),
          Map.entry("LGPL-2", "LGPL-2.0-only"), Map.entry("LGPL-2+", "LGPL-2.0-or-later"),
          Map.entry("LGPL-2.1", "LGPL-2.1-only"), Map.entry("LGPL-2.1+", "LGPL-2.1-or-later"),
          Map.entry("LGPL-3", "LGPL-3.0-only"), Map.entry("LGPL-3+", "LGPL-3.0-or-later"),
          Map.entry("Expat", "MIT"), Map.entry("MIT", "MIT"), Map.entry("Zlib", "Zlib"),
          Map.entry("BSD-2-clause", "BSD-2-Clause"), Map.entry("BSD-3-clause", "BSD-3-Clause"),
          Map.entry("BSD-2-Clause", "BSD-2-Clause"), Map.entry("BSD-3-Clause", "BSD-3-Clause"),
          Map.entry("MPL-2.0", "MPL-2.0"), Map.entry("Apache-2.0", "Apache-2.0"),
          Map.entry("public-domain", "LicenseRef-public-domain"));

  private final UnpackCache unpacked;

  public Sbom(UnpackCache unpacked) {
    this.unpacked = unpacked;
  }

  /** @param lock the variant's own lock */
  public byte[] document(Definition definition, Lock lock, Architecture arch) {
    Lock.Pins pins = lock.pins(arch);
    String digest = pins.digest();
    ObjectNode doc = JSON.createObjectNode();
    doc.put("spdxVersion", "SPDX-2.3");
    doc.put("dataLicense", "CC0-1.0");
    doc.put("SPDXID", "SPDXRef-DOCUMENT");
    doc.put("name", definition.id() + "-" + arch);
    doc.put("documentNamespace",
        "https://spdx.org/spdxdocs/" + definition.id() + "-" + arch + "-" + digest.substring(7));
    ObjectNode creation = doc.putObject("creationInfo");
    creation.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    creation.putArray("creators").add("Tool: scratchjava-catalog");
    ArrayNode packages = doc.putArray("packages");
    ArrayNode relationships = doc.putArray("relationships");
    ArrayNode extracted = JSON.createArrayNode();

    ObjectNode image = packages.addObject();
    image.put("SPDXID", "SPDXRef-Image");
    image.put("name", definition.id());
    image.put("versionInfo", pins.version());
    image.put("downloadLocation", "NOASSERTION");
    image.put("primaryPackagePurpose", "CONTAINER");
    image.put("filesAnalyzed", false);
    image.putArray("checksums").addObject()
        .put("algorithm", "SHA256").put("checksumValue", digest.substring(7));
    image.putArray("externalRefs").addObject()
        .put("referenceCategory", "PACKAGE-MANAGER").put("referenceType", "purl")
        .put("referenceLocator", "pkg:oci/" + definition.repository() + "@" + encode(digest) + "?arch=" + arch.oci());
    relationships.addObject().put("spdxElementId", "SPDXRef-DOCUMENT")
        .put("relationshipType", "DESCRIBES").put("relatedSpdxElement", "SPDXRef-Image");

    Set<String> declaredRefs = new TreeSet<>();
    for (LockedPackage pin : pins.packages()) {
      String id = "SPDXRef-Package-" + pin.name().replaceAll("[^A-Za-z0-9.-]", "-");
      ObjectNode pkg = packages.addObject();
      pkg.put("SPDXID", id);
      pkg.put("name", pin.name());
      pkg.put("versionInfo", pin.version());
      pkg.put("supplier", "Organization: Debian");
      pkg.put("downloadLocation", "NOASSERTION");
      pkg.put("filesAnalyzed", false);
      pkg.putArray("checksums").addObject()
          .put("algorithm", "SHA256").put("checksumValue", pin.sha256());
      String license = license(pin, pins, declaredRefs);
      pkg.put("licenseConcluded", "NOASSERTION");
      pkg.put("licenseDeclared", license);
      pkg.put("copyrightText", "NOASSERTION");
      pkg.put("sourceInfo", "built from Debian source package " + pin.source());
      pkg.putArray("externalRefs").addObject()
          .put("referenceCategory", "PACKAGE-MANAGER").put("referenceType", "purl")
          .put("referenceLocator", purl(pin));
      relationships.addObject().put("spdxElementId", "SPDXRef-Image")
          .put("relationshipType", "CONTAINS").put("relatedSpdxElement", id);
    }
    for (String ref : declaredRefs) {
      extracted.addObject().put("licenseId", ref)
          .put("extractedText", "Declared as '" + ref.substring("LicenseRef-".length())
              + "' in a Debian copyright file; see /usr/share/doc/*/copyright in the image.");
    }
    if (!extracted.isEmpty()) {
      doc.set("hasExtractedLicensingInfos", extracted);
    }
    try {
      return JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code pkg:deb/debian/NAME@VERSION?arch=ARCH&distro=CODENAME}, with an epoch as its own
   * qualifier, as scanners write and match them.
   */
  static String purl(LockedPackage pin) {
    String distro = pin.suite().replaceFirst("-(security|updates)$", "");
    String version = pin.version();
    int colon = version.indexOf(':');
    String epoch = colon < 0 ? "" : "&epoch=" + version.substring(0, colon);
    return "pkg:deb/debian/" + pin.name() + "@" + encode(version.substring(colon + 1)) + "?arch="
        + pin.architecture() + "&distro=" + distro + epoch;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("%7E", "~");
  }

  /** The licences a package's copyright file declares, as an SPDX expression. */
  private String license(LockedPackage pin, Lock.Pins pins, Set<String> declaredRefs) {
    // From the unpacked cache (checked against the hashes it was unpacked with), not the .deb:
    // reading a JDK's .deb for its copyright decompresses all of it.
    Unpacked files = unpacked.get(pin);
    String doc = "usr/share/doc/" + pin.name();
    String text = null;
    String docLink = null;
    for (Unpacked.Entry entry : files.entries()) {
      if (entry.path().equals(doc + "/copyright") && entry.kind() == Unpacked.Kind.FILE) {
        try {
          text = Files.readString(files.files().resolve(entry.path()), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (entry.path().equals(doc) && entry.kind() == Unpacked.Kind.SYMLINK) {
        docLink = entry.target();
      }
    }
    if (text == null && docLink != null) {
      // The doc folder is a sibling package's (libstdc++6 -> gcc-12-base): read that one.
      Optional<LockedPackage> sibling = pins.find(docLink);
      if (sibling.isPresent()) {
        return license(sibling.get(), pins, declaredRefs);
      }
    }
    if (text == null || !text.startsWith("Format:")) {
      return "NOASSERTION"; // Not machine-readable: nothing declared that a tool can read.
    }
    Set<String> ids = new TreeSet<>();
    Matcher matcher = LICENSE.matcher(text);
    while (matcher.find()) {
      for (String part : matcher.group(1).strip().split("\\s+(or|and|\\|)\\s+")) {
        String name = part.strip();
        String id = DEBIAN_TO_SPDX.get(name);
        if (id == null) {
          id = "LicenseRef-" + name.replaceAll("[^A-Za-z0-9.-]+", "-").replaceAll("^-|-$", "");
        }
        if (id.startsWith("LicenseRef-")) {
          declaredRefs.add(id);
        }
        if (SPDX_ID.matcher(id).matches()) {
          ids.add(id);
        }
      }
    }
    return ids.isEmpty() ? "NOASSERTION" : String.join(" AND ", ids);
  }
}
