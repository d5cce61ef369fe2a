"""`fetch`: read the news where it lives (feeds, URL lists) into `seeds/`.

The only part of the project that uses the network, and a separate command:
`generate` reads the files this writes exactly as it reads files a user saved,
and stays offline. sources.py reads sources.yml, http.py is the polite client,
pages.py extracts a page's text, store.py remembers what was fetched and
writes the Markdown files, run.py sequences them.
"""

from __future__ import annotations

from .run import FetchReport, fetch
from .sources import SourcesError

__all__ = ["FetchReport", "SourcesError", "fetch"]
