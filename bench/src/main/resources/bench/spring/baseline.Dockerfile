# The apt baseline as the benchmark runs it: java on PATH (for the recipes' RUN ["java", ...]),
# our images' user and locale; the baseline has their entrypoint and JVM defaults already, so
# that only the image differs.
ARG BASELINE
FROM ${BASELINE}
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
USER 65532:65532
