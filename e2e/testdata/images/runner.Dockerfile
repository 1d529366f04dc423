# The job image act runs the workflow in (-P ubuntu-latest=...): the local
# Debian bookworm base with git. Docker actions are built and started by act
# itself, so the job needs no Docker client, and no JavaScript action is
# used, so no node.
ARG BASE_IMAGE=retort-test/bookworm-base
FROM ${BASE_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
