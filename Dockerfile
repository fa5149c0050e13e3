# syntax=docker/dockerfile:1
# SaferGrants: one image for every process of every service.
#   docker build -t safergrants .
#   docker run --rm safergrants                      # safergrants --help
#   safergrants web bids | worker grants | migrate notifications | topology declare
# docker-compose.yml builds it once and runs each process with its own `command`.

ARG PYTHON_IMAGE=python:3.11-slim

# ---- build: install the project and its dependencies into a virtualenv --------------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
# A C compiler for the duplicate-check index's compiled modules (services/grants/matching/_filing.pyx and
# _reading.pyx); only the build stage has it, the runtime image gets the built modules with the virtualenv.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# Only what the package needs (no .venv, var/, tests or .git from the build context).
COPY pyproject.toml setup.py ./
COPY shared ./shared
COPY services ./services
RUN pip install --upgrade pip \
    && pip install . \
    && find /opt/venv -name '__pycache__' -prune -exec rm -rf {} + \
    && python -m compileall -q /opt/venv/lib

# ---- runtime ------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="SaferGrants" \
      org.opencontainers.image.description="Funding and monitoring for the Community Safety Partnerships of Leicester, Leicestershire and Rutland"
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SAFERGRANTS_ENV=production \
    SAFERGRANTS_VAR_DIR=/app/var \
    PORT=8000
RUN groupadd --system --gid 10001 safergrants \
    && useradd --system --uid 10001 --gid safergrants --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin safergrants \
    && mkdir -p /app/var \
    && chown -R safergrants:safergrants /app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
USER 10001:10001
EXPOSE 8000
# No HEALTHCHECK here: the same image runs web servers, workers and one-shot jobs, so docker-compose.yml
# gives each web service its own (GET /healthz).
CMD ["safergrants", "--help"]
