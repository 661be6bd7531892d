# GraphDrive on Ray: Ray 2.39.0 (the version of the io.ray jars) plus a Java 17 runtime and the
# GraphDrive jars. One image for ray-head, ray-worker and the index servers.
# Build context is the repository root, after `mvn -q package -DskipTests` has filled
# index-server/target/ (the server jar and target/lib/, which holds tagging-workers and the rest).
FROM rayproject/ray:2.39.0

USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown ray /data

# Every JVM here (index servers and the Java workers raylets start) needs these on Java 17;
# JAVA_TOOL_OPTIONS reaches the workers without Ray's job config. Same list as the root pom.
ENV JAVA_TOOL_OPTIONS="--add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.math=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"

COPY index-server/target/index-server-0.1.0-SNAPSHOT.jar index-server/target/lib/ /opt/graphdrive/lib/
# The command line, for the one-shot models-fetch service (graphdrive models fetch clip).
COPY fuse-client/target/fuse-client-0.1.0-SNAPSHOT.jar fuse-client/target/lib/ /opt/graphdrive/client/
# Keeps the executable bit the script has in git.
COPY docker/index-server.sh /opt/graphdrive/index-server.sh

USER ray
