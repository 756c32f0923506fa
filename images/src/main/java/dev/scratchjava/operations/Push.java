package dev.scratchjava.operations;

import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.image.Publisher;
import dev.scratchjava.image.Registry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Publishes every variant of the selected images to a registry, with all their tags. */
public final class Push {
  private final Workspace workspace;

  public Push(Workspace workspace) {
    this.workspace = workspace;
  }

  /**
   * @param location {@code HOST[:PORT]/NAMESPACE}
   * @param env where {@code REGISTRY_USERNAME} and {@code REGISTRY_PASSWORD} are looked up
   * @param dockerConfig Docker's {@code config.json}, the other place credentials come from
   */
  public List<Publisher.Outcome> run(
      Selection selection, String location, Map<String, String> env, Path dockerConfig) {
    Catalog catalog = workspace.catalog();
    Optional<Registry.Credentials> credentials = Registry.credentials(location, env, dockerConfig);
    Registry registry = new Registry(location, credentials);
    Publisher publisher = new Publisher(workspace.builder(), registry, credentials, workspace.progress());
    List<Publisher.Outcome> outcomes = new ArrayList<>();
    for (Definition definition : selection.definitions(catalog)) {
      workspace.progress().accept(definition.id() + ": publishing to " + registry.repository(definition.repository()));
      outcomes.add(publisher.publish(catalog, definition));
    }
    return outcomes;
  }
}
