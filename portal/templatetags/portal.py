"""Template helpers: localized text with fallback and editorial notices, dates, plain text."""

import re
from urllib.parse import quote_plus

from django import template
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from portal import i18n, provenance
from portal.breadcrumbs import trail
from portal.models import Publication, TextState
from portal.partial_dates import format_partial_date

register = template.Library()


class LocalizedText(str):
    """A field's text in the active language, knowing whether it fell back to another."""

    language: str
    requested: str

    def __new__(cls, text, language, requested):
        obj = super().__new__(cls, text)
        obj.language, obj.requested = language, requested
        return obj

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested


@register.simple_tag
def localized(obj, field):
    """Return ``obj.<field>`` in the active language, or its fallback, as LocalizedText.

    Whether the record's text is an editorial translation is shown once per page by
    ``translation_notice``, not per field.
    """
    requested = i18n.current_language()
    text, language = i18n.localized_value(obj, field, requested)
    return LocalizedText(text, language, requested)


@register.filter
def partial_date(value, case=""):
    """Format a stored partial date in the active language.

    ``partial_date:"genitive"`` after «с» or «до» ("since", "until"): «с июня 2014 г.»."""
    return format_partial_date(value or "", genitive=case == "genitive")


@register.filter
def language_name(code, in_text=""):
    """A language's name in the page's language ("Simplified Chinese", "Английский").

    ``language_name:"text"`` is for running text: Russian writes the name in lower case
    there; ``language_name:"in"`` follows "in" («на английском языке»).
    """
    if in_text == "in" and code in i18n.LANGUAGE_AFTER_IN:
        return str(i18n.LANGUAGE_AFTER_IN[code])
    label = i18n.LANGUAGE_LABELS.get(code)
    if label is None:
        return code
    name = str(label)
    if in_text and i18n.is_russian(i18n.current_language()):
        return name[:1].lower() + name[1:]
    return name


@register.filter
def without_line_numbers(note):
    """An editorial note without the source's line numbers (kept in the admin and the API)."""
    return provenance.without_line_numbers(str(note or ""))


_LIST_ITEM = re.compile(r"^\s*[-•▶]\s*")


@register.filter(needs_autoescape=False)
def plain_text(value):
    """Render plain text: blank-line paragraphs, and lines starting "- " as a list. Escapes."""
    if not value:
        return ""
    blocks = []
    for block in re.split(r"\n\s*\n", str(value).strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        if lines and all(_LIST_ITEM.match(line) for line in lines):
            items = format_html_join("", "<li>{}</li>", ((_LIST_ITEM.sub("", x),) for x in lines))
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append("<p>" + "<br>".join(escape(line.strip()) for line in lines) + "</p>")
    return mark_safe("".join(blocks))  # noqa: S308 - every piece above is escaped


@register.simple_tag(takes_context=True)
def url_with(context, **changes):
    """Return the current query string with some parameters changed (None removes).

    The string ``request.GET.copy()``, changed and encoded, gives (kept keys in place, new
    ones last), from the request's pairs encoded once: a search page links every facet
    value, and copying and encoding the query per link was a tenth of its CPU.
    """
    request = context["request"]
    if not hasattr(request, "_encoded_query"):
        request._encoded_query = {k: [_pair(k, v) for v in vs] for k, vs in request.GET.lists()}
    pairs = dict(request._encoded_query)
    for key, value in changes.items():
        if value in (None, ""):
            pairs.pop(key, None)
        else:
            pairs[key] = [_pair(key, value)]
    return "?" + "&".join(pair for values in pairs.values() for pair in values)


def _pair(key, value) -> str:
    return f"{quote_plus(key)}={quote_plus(str(value))}"


@register.inclusion_tag("includes/translation_notice.html")
def translation_notice(record):
    """Show, once per record page, that its text here is an editorial translation."""
    language = i18n.current_language()
    state = record.text_state(language)
    authoritative = getattr(record, "authoritative_language", i18n.DEFAULT_LANGUAGE)
    return {
        "draft": getattr(record, "publication", "") == Publication.DRAFT,
        "editorial": state == TextState.EDITORIAL,
        "missing": state in (TextState.MISSING, TextState.OUTDATED),
        "outdated": state == TextState.OUTDATED,
        "authoritative": authoritative,
    }


@register.inclusion_tag("includes/source.html")
def source_note(record, note=True):
    """Say where a record comes from, for people: source, publisher, date and section.

    The locator's file name and line numbers go only into data attributes. ``note=False``
    when the page shows the record's editorial note next to the fact it qualifies.
    """
    source = record.source
    heading = provenance.passage_heading(record.locator)
    return {
        "record": record,
        "source": source,
        "section": heading,
        "section_is_cjk": bool(_CJK.search(heading)),
        "passage": provenance.passage_anchor(record),
        "show_note": note,
    }


_CJK = re.compile(r"[\u3400-\u9fff]")


@register.filter
def source_date(value):
    """A source's publication date: a partial date, or "c. <partial date>"."""
    value = (value or "").strip()
    if value.startswith("c. "):
        return pgettext("approximately", "c. %(date)s") % {"date": format_partial_date(value[3:])}
    try:
        return format_partial_date(value)
    except ValueError:
        return value


@register.simple_tag(takes_context=True)
def url_with_key(context, key, value, **changes):
    """Like url_with, for a parameter whose name is itself a variable."""
    changes[key] = value
    return url_with(context, **changes)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def split(value):
    return str(value).split()


@register.simple_tag(takes_context=True)
def cached_field(context, field):
    """Render a form field's widget, reusing the rendering while the content is unchanged.

    A filter form's selects list every mechanism, country and topic: rendering their
    options through the widget templates was half of a list page's CPU. The rendering
    depends only on the language, the field, its value and whether it has errors, and on
    the content (the option labels), so it is cached under the content generation.
    """
    from portal import caching

    request = context.get("request")
    key = caching.fragment_key(
        request,
        "field",
        field.form.__class__.__name__,
        field.html_name,
        repr(field.value()),
        bool(field.errors),
    )
    html = caching.fragment(key, lambda: str(field))
    return mark_safe(html)  # noqa: S308 - Django's own widget rendering, escaped there


@register.filter
def form_state(form):
    """What a bound form renders besides the language: each field's value, and any errors.

    The key of a kept filter form (``{% cached_fragment %}``): a query string's other
    parameters do not change it.
    """
    return [(field.html_name, repr(field.value())) for field in form], bool(form.errors)


@register.simple_tag(takes_context=True)
def cached_rows(context, records, template_name, name, **flags):
    """Render each record's list row with ``template_name``, reusing rows while content holds.

    A row depends only on its record (and the records it names), the language and
    ``flags`` (``hide_mechanism=True``), all of which the content generation covers:
    twenty rows rendered through an include each were a quarter of a list page's CPU.
    The rows are kept in the process and read from the cache with one ``get_many``
    (``caching.fragments``); the missing ones are stored with one ``set_many``.
    ``records`` may name its rows before reading them (``identities()``, as a list
    page's rows do): then the records are read only if a row is missing.
    """
    from portal import caching

    request = context.get("request")
    if hasattr(records, "identities"):
        identities = records.identities()
    else:
        records = list(records)
        identities = [(record._meta.label, record.pk) for record in records]
    keys = [
        caching.fragment_key(request, "row", template_name, label, pk, sorted(flags.items()))
        for label, pk in identities
    ]
    found = caching.fragments(keys)
    by_identity = {}
    if len(found) < len(keys):
        by_identity = {(record._meta.label, record.pk): record for record in records}
    template = context.template.engine.get_template(template_name)
    rows, fresh = [], {}
    for key, identity in zip(keys, identities, strict=True):
        html = found.get(key)
        if html is None:
            if identity not in by_identity:
                continue  # deleted since its id was read
            with context.push(**{name: by_identity[identity]}, **flags):
                html = fresh[key] = template.render(context)
        rows.append(html)
    if fresh:
        caching.store_fragments(fresh)
    return mark_safe("".join(rows))  # noqa: S308 - each row rendered (and escaped) by its template


@register.tag
def cached_fragment(parser, token):
    """``{% cached_fragment "name" [value ...] %}...{% endcached_fragment %}``: kept per content.

    The enclosed part is rendered once per name, values, content generation and language,
    then read from the cache: for parts that every page repeats (the header's menus, the
    footer) and for large pages' bodies (the glossary). Requests that the page cache does
    not serve (staff, or ``PAGE_CACHE`` off) render it every time.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist, self.parts = nodelist, parts

    def render(self, context):
        from portal import caching

        request = context.get("request")
        if not caching.under_page_cache(request):
            return self.nodelist.render(context)
        parts = [part.resolve(context) for part in self.parts]
        key = caching.fragment_key(request, "fragment", *parts)
        html = caching.fragment(key, lambda: self.nodelist.render(context))
        return mark_safe(html)  # noqa: S308 - rendered (and escaped) by the enclosed template


@register.filter
def model_name(record):
    return record._meta.model_name


@register.filter
def verbose_name(record):
    return record._meta.verbose_name


@register.filter
def record_title(record):
    """A record's title, name or text in the active language (with fallback)."""
    for name in ("title", "name", "text"):
        if hasattr(record, i18n.localized_field(name, i18n.DEFAULT_LANGUAGE)):
            return i18n.localized_value(record, name)[0]
    return str(record)


@register.filter
def public(record):
    """The related record if the public may see it, else None (``Record.is_published``)."""
    if record is None or not getattr(record, "is_published", True):
        return None
    return record


@register.simple_tag
def language_names_json():
    """The languages' names in the active language, for scripts (the admin's tabs)."""
    from django.conf import settings
    from django.utils.html import json_script

    names = {code: str(name) for code, name in settings.LANGUAGES}
    return json_script(names, "portal-language-names")


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The trail of parent pages (portal.breadcrumbs), ending with a parent record if any."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else None
    links = trail(view_name)
    document = context.get("document")
    if links and view_name == "cooperation:document_parallel" and document is not None:
        links.append({"url": document.get_absolute_url(), "label": record_title(document)})
    return {"links": links}


def _in_language(text):
    """Text marked with its language when it fell back to another one."""
    if getattr(text, "is_fallback", False):
        return format_html('<span lang="{}">{}</span>', text.language, text)
    return conditional_escape(text)


@register.simple_tag
def place(record, link=True):
    """The place of a meeting, document or quotation: "City, Country" in the active language.

    The country shows only when published and links to its page unless ``link`` is off;
    the separator is the language's own (a full-width comma in Chinese).
    """
    parts = []
    city = localized(record, "city")
    if city:
        parts.append(_in_language(city))
    country = public(getattr(record, "country", None))
    if country is not None:
        name = _in_language(localized(country, "name"))
        if link:
            name = format_html('<a href="{}">{}</a>', country.get_absolute_url(), name)
        parts.append(name)
    separator = pgettext("list separator", ", ")
    return format_html_join(separator, "{}", ((part,) for part in parts))


@register.filter
def source_languages(text):
    """The languages a source text is printed in, named in the page's language."""
    return pgettext("list separator", ", ").join(i18n.source_text_languages(text or ""))


@register.filter
def passage_heading(locator):
    """The heading a locator points to, without line numbers ("" when it names none)."""
    return provenance.passage_heading(locator or "")


@register.filter
def in_parentheses(text, after=""):
    """Text in the page language's parentheses: full-width in Chinese, "( )" otherwise;
    ``in_parentheses:"after"`` follows a word: a space before "(", none before "（"."""
    pattern = pgettext("parentheses after a word", " (%(text)s)") if after else None
    pattern = pattern or pgettext("parentheses", "(%(text)s)")
    # The catalogue's parentheses are trusted; the text inside is escaped.
    return mark_safe(pattern % {"text": conditional_escape(text)})  # noqa: S308
