# Polku's container image: `polku serve` (gunicorn) on port 8000. compose.yaml runs a county with it.
# Build: docker build -t polku .   Configuration comes from the environment (README, Configuration).
FROM python:3.11-slim

# gettext compiles the translations; Pango and fonts are what WeasyPrint needs for the decision and log
# extract PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    POLKU_VAR_DIR=/var/lib/polku \
    STATIC_ROOT=/app/static \
    POLKU_BIND=0.0.0.0:8000

WORKDIR /app

# The dependencies first, pinned by constraints.txt, so that a code change does not reinstall them.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
       > /tmp/requirements.txt \
    && pip install --no-cache-dir -c constraints.txt -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Polku itself, installed in place: the settings find locale/ and the templates beside config/.
COPY . .
RUN pip install --no-cache-dir --no-deps -c constraints.txt -e . \
    && POLKU_VAR_DIR=/tmp/build polku compilemessages -v 0 --locale fi --locale sv --locale en \
    && POLKU_VAR_DIR=/tmp/build polku collectstatic --noinput -v 0 \
    && rm -rf /tmp/build

# Not root: the app may write only its var directory (the audit checkpoint file lives there by default).
RUN useradd --system --uid 10001 --home-dir /var/lib/polku --create-home polku
USER polku
VOLUME /var/lib/polku

EXPOSE 8000
# In production the site redirects plain HTTP to HTTPS; the probe says it came through the TLS proxy.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s \
    CMD python -c "import urllib.request as u; u.urlopen(u.Request('http://127.0.0.1:8000/api/v1/health', headers={'X-Forwarded-Proto': 'https'}), timeout=4)"
CMD ["polku", "serve"]
