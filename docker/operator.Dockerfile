# syntax=docker/dockerfile:1.7
# The uniroute operator image. Build from the repository root (the Maven reactor needs every module):
#   docker build -f docker/operator.Dockerfile -t ghcr.io/uniroute/operator:0.1.0 .
# Stage 1 builds with Maven; stage 2 is a small JRE image (distroless, glibc: the ONNX runtime of the
# embedder needs glibc and libstdc++, so no Alpine/musl) that runs as the non-root user 65532.
ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=gcr.io/distroless/java17-debian12:nonroot

FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
COPY . .
# Build layout (as bin/uniroute expects): operator/target/operator-<version>.jar + operator/target/lib/.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl operator -am package -DskipTests \
 && mkdir -p /out/lib \
 && jar="$(ls operator/target/operator-*.jar | grep -v -e '-tests' -e '-sources' | head -n 1)" \
 && test -n "$jar" \
 && cp "$jar" /out/operator.jar \
 && cp operator/target/lib/*.jar /out/lib/

FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="uniroute operator"
WORKDIR /app
# Owned by root and read-only to the runtime user.
COPY --from=build /out/ /app/
USER 65532:65532
# Heap as a share of the container's memory limit; the chart replaces these with its javaOptions.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# 8080 Prometheus /metrics, 8081 /healthz and /readyz, 9443 the sidecar-injection webhook (HTTPS).
EXPOSE 8080 8081 9443
ENTRYPOINT ["/usr/bin/java", "-cp", "/app/operator.jar:/app/lib/*", "io.uniroute.operator.OperatorMain"]
