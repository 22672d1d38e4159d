# Kadi4Mat configuration of the test instance (KADI_CONFIG_FILE). Everything that differs per
# run comes from the environment the launcher (launcher.ts) sets; see README.md for why each
# value is what it is.
import json
import os

_env = os.environ
_home = _env["REAL_KADI_RUN_DIR"]

SQLALCHEMY_DATABASE_URI = f"postgresql://kadi:kadi@127.0.0.1:{_env['REAL_KADI_PG_PORT']}/kadi"
SECRET_KEY = "real-kadi-tests-only"
# Clients must use exactly this host and port, or Kadi answers 404.
SERVER_NAME = f"127.0.0.1:{_env['REAL_KADI_PORT']}"
PREFERRED_URL_SCHEME = "http"
SESSION_COOKIE_SECURE = False
USE_X_SENDFILE = False  # no Apache in front
STORAGE_PATH = os.path.join(_home, "storage")
MISC_UPLOADS_PATH = os.path.join(_home, "uploads")

# No Elasticsearch: a port where nothing listens, so every search is a connection error and
# Kadi answers with its fallback (every permitted resource, newest first; query and sort
# ignored). ELASTICSEARCH_HOSTS = None would make searches return nothing at all.
ELASTICSEARCH_HOSTS = f"http://127.0.0.1:{_env['REAL_KADI_ES_PORT']}"
ELASTICSEARCH_CONFIG = {"timeout": 2, "max_retries": 0}
ELASTICSEARCH_ENABLE_FALLBACK = True

_redis = f"redis://127.0.0.1:{_env['REAL_KADI_REDIS_PORT']}/0"
CELERY_BROKER_URL = _redis
RATELIMIT_STORAGE_URI = _redis
# Kadi's defaults exempt 127.0.0.1 from rate limits; a run that tests 429 sets a limit and an
# empty whitelist (REAL_KADI_RATELIMIT, e.g. "20/minute").
if _env.get("REAL_KADI_RATELIMIT"):
    RATELIMIT_AUTHENTICATED_USER = _env["REAL_KADI_RATELIMIT"]
    RATELIMIT_IP_WHITELIST = []

AUTH_PROVIDERS = [{"type": "local", "allow_registration": False}]
SMTP_HOST = "127.0.0.1"
SMTP_PORT = int(_env["REAL_KADI_ES_PORT"])  # nothing listens there either: no mail leaves
EXPERIMENTAL_FEATURES = False
