# Berth, self-hosted: the release `berth` binary and the browser bundle on Debian, with
# Chromium's headless shell and fonts for PDF reports. Built by `.ci/image` from a checkout where
# `target/image/berth` (the release binary, stripped) and `target/site` exist (the build context holds only those, see
# .dockerignore); the same file builds unchanged wherever debian:bookworm-slim can be pulled.
FROM debian:bookworm-slim

# Chromium's headless shell renders PDF reports (the full browser would add ~400 MB of GTK and
# Mesa that printing does not use); fonts so its text has glyphs; CA certificates for AWS's TLS.
# chromium-common pulls in Mesa's DRI drivers (and LLVM, Z3, libxml2 and ICU under them, 200 MB) for the full
# browser's GPU paths; the headless shell prints with Skia on the CPU, so they go again (the PDF
# test of .ci/image-test proves it), with the Vulkan validation layer and gettext translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium-headless-shell fonts-dejavu-core ca-certificates \
    && dpkg --purge --force-depends libgl1-mesa-dri libllvm15 libz3-4 libxml2 libicu72 \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/* /usr/share/doc/* /usr/share/man/* /usr/share/locale/* \
        /usr/lib/chromium/libVkLayer_khronos_validation.so

# A non-root user whose home is the data volume (Chromium writes its profile under /tmp).
RUN groupadd --system --gid 10001 berth \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --shell /usr/sbin/nologin berth \
    && mkdir -p /data \
    && chown 10001:10001 /data

# The release binary without its symbol tables (.ci/image strips a copy: 85 MB → 45 MB).
COPY target/image/berth /usr/local/bin/berth
COPY target/site /opt/berth/site

ENV BERTH_ADDR=0.0.0.0:3000 \
    BERTH_DB=/data/berth.db \
    BERTH_SITE_DIR=/opt/berth/site \
    BERTH_CHROMIUM=/usr/bin/chromium-headless-shell \
    HOME=/data

# Last, so a new revision does not invalidate the layers above.
ARG VERSION=0.0.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="berth" \
      org.opencontainers.image.description="Which AWS Lambda functions should stay on functions, which belong on containers, and what each choice costs" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/berth-dev/berth" \
      org.opencontainers.image.licenses="MIT"

USER 10001:10001
WORKDIR /data
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=3 CMD ["berth", "healthcheck"]
# `docker run IMAGE` serves; `docker run IMAGE auth add /data/auth.json --role admin` and the
# other subcommands work too. On 0.0.0.0 the server needs BERTH_AUTH_FILE (or BERTH_NO_AUTH=true).
ENTRYPOINT ["berth"]
CMD ["serve"]
