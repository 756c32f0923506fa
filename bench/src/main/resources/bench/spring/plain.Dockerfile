# The benchmark's "plain" Spring Boot image: the same extracted layout as the cache recipes
# (recipes/aot-cache, recipes/dynamic-cds) without the training run, so that only the cache differs.
ARG IMAGE
FROM ${IMAGE} AS extract
USER root
COPY app.jar /build/app.jar
RUN ["java", "-Djarmode=tools", "-jar", "/build/app.jar", "extract", "--destination", "/app"]

FROM ${IMAGE}
COPY --from=extract --chown=0:0 /app /app
USER 65532:65532
CMD ["-jar", "/app/app.jar"]
