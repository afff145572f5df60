"""JSON as UTF-8 text (Chinese and Russian readable, not \\u-escaped)."""

from rest_framework.renderers import JSONRenderer


class UnicodeJSONRenderer(JSONRenderer):
    ensure_ascii = False
    charset = "utf-8"
