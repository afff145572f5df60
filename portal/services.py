"""Writes that follow rules across fields: translation states on an edit."""

from portal import i18n
from portal.models import Record, TextState

SOURCE_LANGUAGE = i18n.DEFAULT_LANGUAGE


def record_translation_states(*, record: Record, changed_fields: list[str]) -> None:
    """Mark translations outdated when the Chinese text changes without them.

    An editorial translation whose Chinese source text was edited, while the translation
    itself was not, becomes ``outdated``; editing an outdated translation makes it
    editorial again (unless the editor set the state explicitly).
    """
    source_suffix = "_" + i18n.field_suffix(SOURCE_LANGUAGE)
    chinese_changed = any(
        name.endswith(source_suffix) and not name.startswith(("text_state", "editorial_note"))
        for name in changed_fields
    )
    for language in i18n.LANGUAGE_CODES:
        if language == SOURCE_LANGUAGE:
            continue
        suffix = "_" + i18n.field_suffix(language)
        state_field = f"text_state{suffix}"
        if state_field in changed_fields:
            continue
        translated = any(
            name.endswith(suffix) and not name.startswith(("text_state", "editorial_note"))
            for name in changed_fields
        )
        state = getattr(record, state_field)
        if chinese_changed and not translated and state == TextState.EDITORIAL:
            setattr(record, state_field, TextState.OUTDATED)
        elif translated and state == TextState.OUTDATED:
            setattr(record, state_field, TextState.EDITORIAL)
