"""Date formats where Django's defaults do not suit the portal (FORMAT_MODULE_PATH)."""
