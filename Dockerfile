# syntax=docker/dockerfile:1
# welcomebot: one image for webhook replicas (`welcomebot run --webhook`), the worker
# (`welcomebot worker`) and the single-process default (`welcomebot run`).

FROM python:3.11-slim AS build
WORKDIR /src
# Wheels of every dependency at the version the lock file pins (requirements/README.md), then
# of the app, so the runtime stage needs no compiler or network. The dependencies' layer is
# built again only when the lock file changes.
COPY requirements/app.txt ./requirements/app.txt
RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements/app.txt
COPY pyproject.toml README.md ./
# src/welcomebot/locales links to the catalogs at the root: the wheel takes them from there.
COPY locales ./locales
COPY src ./src
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim AS runtime
ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    MPLCONFIGDIR=/tmp/matplotlib \
    WELCOMEBOT_CONTENT_DIR=/app/content \
    WELCOMEBOT_DATA_DIR=/data \
    WELCOMEBOT_WEBHOOK_PORT=8080
RUN useradd --system --uid 10001 --create-home --home-dir /home/welcomebot welcomebot \
    && mkdir -p /app /data \
    && chown welcomebot:welcomebot /data
COPY --from=build /wheels /wheels
# Exactly the wheels the build stage made: from no index, a dependency the lock file lacks
# fails the build.
RUN pip install --no-cache-dir --no-index --find-links=/wheels /wheels/*.whl \
    && rm -rf /wheels
WORKDIR /app
# The demo content is baked in; mount a city's own content over /app/content.
COPY content ./content
# Catalogs are compiled from .po when the bot starts; loading them here fails the build
# instead of the first start if one is missing or broken.
RUN python -c "from welcomebot.i18n import Translator; Translator()"
USER 10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('WELCOMEBOT_WEBHOOK_PORT', '8080')}/healthz\", timeout=4)"]
ENTRYPOINT ["welcomebot"]
CMD ["run", "--webhook"]
