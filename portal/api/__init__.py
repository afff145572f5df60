"""Open data: the read-only JSON API, exports, calendars, feeds and citations.

The top layer: it may import every app; no app imports it. See the "Data and API" page
(``portal/api/templates/api/data.html``) and docs/adr/0011-open-data.md.
"""
