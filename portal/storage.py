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
