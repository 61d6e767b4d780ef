# syntax=docker/dockerfile:1.7
# The uniroute routing sidecar image. Build from the repository root (the Maven reactor needs every module):
#   docker build -f docker/sidecar.Dockerfile -t ghcr.io/uniroute/router-sidecar:0.1.0 .
# Stage 1 builds with Maven; stage 2 is a small JRE image (distroless, glibc: the ONNX runtime of the
# embedder needs glibc and libstdc++, so no Alpine/musl) that runs as the non-root user 65532.
ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=gcr.io/distroless/java17-debian12:nonroot

FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
COPY . .
# Build layout (as bin/uniroute expects): router-sidecar/target/router-sidecar-<version>.jar + target/lib/.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl router-sidecar -am package -DskipTests \
 && mkdir -p /out/lib \
 && jar="$(ls router-sidecar/target/router-sidecar-*.jar | grep -v -e '-tests' -e '-sources' | head -n 1)" \
 && test -n "$jar" \
 && cp "$jar" /out/router-sidecar.jar \
 && cp router-sidecar/target/lib/*.jar /out/lib/

FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="uniroute routing sidecar"
WORKDIR /app
# Owned by root and read-only to the runtime user.
COPY --from=build /out/ /app/
USER 65532:65532
# Heap as a share of the container's memory limit; set JAVA_TOOL_OPTIONS to change it.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# The OpenAI-compatible API, /healthz, /readyz and /metrics (UNIROUTE_PORT, default 8080).
EXPOSE 8080
# Under a read-only root filesystem, mount a writable /tmp (the webhook does): the ONNX runtime
# unpacks its native library into java.io.tmpdir.
ENTRYPOINT ["/usr/bin/java", "-cp", "/app/router-sidecar.jar:/app/lib/*", "io.uniroute.sidecar.SidecarMain"]
