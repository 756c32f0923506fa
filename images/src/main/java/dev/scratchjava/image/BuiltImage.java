package dev.scratchjava.image;

import java.nio.file.Path;

/**
 * One image built into a docker-loadable tar.
 *
 * @param recipe what it was built from
 * @param digest the manifest digest
 * @param imageId the configuration digest, which Docker calls the image ID
 * @param version the image's full version (see {@link dev.scratchjava.catalog.Lock.Pins#version})
 * @param bytes the size of its files, uncompressed
 * @param tar the docker-loadable tar
 */
public record BuiltImage(
    Recipe recipe, String digest, String imageId, String version, long bytes, Path tar) {}
