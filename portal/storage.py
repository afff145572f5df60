"""Static files in production: whitenoise's hashed, compressed storage."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hash and compress every file; vendored CSS keeps its own relative URLs.

    XStatic's jQuery UI theme writes ``url(%22images%2F...%22)`` (URL-encoded quotes),
    which the manifest step cannot resolve, so collectstatic failed. Its images are
    collected as they are, so the theme's relative URLs still work unrewritten.
    """

    VENDORED = ("jquery-ui/",)

    def url_converter(self, name, hashed_files, template=None):
        if name.startswith(self.VENDORED):
            return lambda matchobj: matchobj.groupdict()["matched"]
        return super().url_converter(name, hashed_files, template)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        """The URL of a static file, worked out once per name in this process.

        Every page asks for the same few files (the stylesheets, the mark) several times;
        each answer looked the hashed name up and joined and quoted it again (about 30 µs,
        four times a page). The manifest is read at start-up and changes only with a
        deploy, which restarts the process.
        """
        if force:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)
        return url
