"""Translated fields (django-modeltranslation): one column per language."""

from modeltranslation.translator import TranslationOptions, register

from mechanisms.models import Body, Country, Mechanism, Membership

RECORD_FIELDS = ("editorial_note",)


@register(Mechanism)
class MechanismTranslation(TranslationOptions):
    fields = (
        "name",
        "short_name",
        "summary",
        "background",
        "responsibilities",
        "achievements",
        "next_steps",
        *RECORD_FIELDS,
    )


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name", "official_name", *RECORD_FIELDS)


@register(Membership)
class MembershipTranslation(TranslationOptions):
    fields = RECORD_FIELDS


@register(Body)
class BodyTranslation(TranslationOptions):
    fields = ("name", "short_name", "description", "address", *RECORD_FIELDS)
