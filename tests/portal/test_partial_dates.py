"""Partial dates parse strictly, sort as stored, and read naturally in three languages."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.partial_dates import PartialDate, format_partial_date, validate_partial_date


@pytest.mark.parametrize(
    ("text", "precision", "year"),
    [("2014", "year", 2014), ("2014-06", "month", 2014), ("2018-06-10", "day", 2018)],
)
def test_parse_points(text, precision, year):
    parsed = PartialDate.parse(text)
    assert parsed.start.precision == precision
    assert parsed.year == year
    assert str(parsed) == text


def test_parse_range():
    parsed = PartialDate.parse("2021/2025")
    assert (parsed.year, parsed.end_year) == (2021, 2025)
    assert str(parsed) == "2021/2025"


@pytest.mark.parametrize(
    "text",
    ["", "14", "2014-13", "2014-02-30", "2014-6", "June 2014", "2020/2015", "2019-09/2019-08"],
)
def test_parse_rejects_impossible_or_malformed(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("zh-hans", "2014-06", "2014年6月"),
        ("en", "2014-06", "June 2014"),
        ("ru", "2014-06", "июнь 2014 г."),
        ("zh-hans", "2018-06-10", "2018年6月10日"),
        ("en", "2018-06-10", "June 10, 2018"),
        # Months in full, not Django's AP style ("Feb. 8", "Sept. 16" beside "July 8").
        ("en", "2021-02-08", "February 8, 2021"),
        ("en", "2022-09-16", "September 16, 2022"),
        ("ru", "2018-06-10", "10 июня 2018 г."),
        ("zh-hans", "2017", "2017年"),
        ("en", "2017", "2017"),
        ("ru", "2017", "2017 г."),
        # A span writes once what both ends share, as each language writes spans.
        ("en", "2021/2025", "2021–2025"),
        ("ru", "2021/2025", "2021–2025 гг."),
        ("zh-hans", "2021/2025", "2021—2025年"),
        ("zh-hans", "2019-09-02/2019-09-04", "2019年9月2日至4日"),
        ("en", "2019-09-02/2019-09-04", "September 2–4, 2019"),
        ("ru", "2019-09-02/2019-09-04", "2–4 сентября 2019 г."),
        ("en", "2019-09/2019-10", "September–October 2019"),
        ("ru", "2019-09/2019-10", "сентябрь–октябрь 2019 г."),
        ("zh-hans", "2019-09/2019-10", "2019年9月至10月"),
        ("en", "2019-09-30/2019-10-02", "September 30 – October 2, 2019"),
        ("ru", "2019-09-30/2019-10-02", "30 сентября – 2 октября 2019 г."),
        ("zh-hans", "2019-09-30/2019-10-02", "2019年9月30日至10月2日"),
        # Across years both ends are whole.
        ("en", "2017-05/2024-07", "May 2017 – July 2024"),
        ("ru", "2017-05/2024-07", "май 2017 г. – июль 2024 г."),
        ("zh-hans", "2017-05/2024-07", "2017年5月至2024年7月"),
    ],
)
def test_format_in_each_language(language, text, expected):
    with translation.override(language):
        assert format_partial_date(text) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # After «с» and «до» Russian puts the month in the genitive; the rest is unchanged.
        ("ru", "2014-06", "июня 2014 г."),
        ("ru", "2017-05", "мая 2017 г."),
        ("ru", "2019-09/2019-10", "сентября–октября 2019 г."),
        ("ru", "2018-06-10", "10 июня 2018 г."),
        ("ru", "2001", "2001 г."),
        ("en", "2014-06", "June 2014"),
        ("zh-hans", "2014-06", "2014年6月"),
    ],
)
def test_format_after_since_or_until(language, text, expected):
    with translation.override(language):
        assert format_partial_date(text, genitive=True) == expected


def test_russian_since_reads_with_the_genitive():
    from django.template import Context, Template

    template = Template(
        '{% load i18n portal %}{% blocktranslate with date=when|partial_date:"genitive" %}'
        "since {{ date }}{% endblocktranslate %}"
    )
    rendered = {}
    for language in ("zh-hans", "en", "ru"):
        with translation.override(language):
            rendered[language] = template.render(Context({"when": "2014-06"}))
    assert rendered == {"zh-hans": "自2014年6月起", "en": "since June 2014", "ru": "с июня 2014 г."}


def test_stored_strings_sort_chronologically_coarse_first():
    values = ["2019-06-14", "2014", "2018-06-10", "2014-06", "2021/2025", "2013-11-29"]
    assert sorted(values) == [
        "2013-11-29",
        "2014",
        "2014-06",
        "2018-06-10",
        "2019-06-14",
        "2021/2025",
    ]


def test_validator_messages():
    validate_partial_date("2014-06")
    with pytest.raises(ValidationError) as error:
        validate_partial_date("2014-02-30")
    assert error.value.code == "invalid_partial_date"
    with pytest.raises(ValidationError) as error:
        validate_partial_date(" 2014")
    assert error.value.code == "non_canonical_partial_date"
