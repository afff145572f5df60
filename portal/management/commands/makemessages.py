"""makemessages that writes catalogues sorted by message and without source locations.

Sorted entries with no ``#: file:line`` comments keep a catalogue's diff to the strings
that really changed, so branches that add strings in parallel merge without conflicts.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--sort-output", "--no-location"]
    msguniq_options = [*makemessages.Command.msguniq_options, "--sort-output", "--no-location"]
    msgattrib_options = [*makemessages.Command.msgattrib_options, "--sort-output", "--no-location"]
    xgettext_options = [*makemessages.Command.xgettext_options, "--sort-output", "--no-location"]
