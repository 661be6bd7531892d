# Debian's nginx with GraphDrive's template, the same file `graphdrive up` renders.
# Build context is the repository root.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx \
 && rm -rf /var/lib/apt/lists/*
COPY nginx/graphdrive.conf.template /etc/graphdrive/graphdrive.conf.template
COPY docker/nginx-entrypoint.sh /usr/local/bin/graphdrive-nginx
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/graphdrive-nginx"]
