"""Settings of the served process during `polku bench`: Polku's own, plus two things only the bench has.

- `bench.middleware.QueryCountMiddleware` first in the stack: every response says how many SQL queries
  the request made (header `X-Polku-Queries`). Production never loads this module, so it costs nothing there.
- `bench.urls`: Polku's URLs plus the bare page the ratios are measured against.
"""

from config.settings import *  # noqa: F403  (the bench measures Polku as configured, nothing else changed)
from config.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
