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

# Every JVM here (index servers and the Java workers raylets start) needs the flags of scripts/jvm-flags on
# Java 17; the java launcher reads JDK_JAVA_OPTIONS (an @argfile works there), which reaches the workers without
# Ray's job config.
COPY scripts/jvm-flags /opt/graphdrive/jvm-flags
ENV JDK_JAVA_OPTIONS="@/opt/graphdrive/jvm-flags"

COPY index-server/target/index-server-0.1.0-SNAPSHOT.jar index-server/target/lib/ /opt/graphdrive/lib/
# The command line, for the one-shot models-fetch service (graphdrive models fetch clip).
COPY cli/target/cli-0.1.0-SNAPSHOT.jar cli/target/lib/ /opt/graphdrive/client/
# Keeps the executable bit the script has in git.
COPY docker/index-server.sh /opt/graphdrive/index-server.sh

USER ray
