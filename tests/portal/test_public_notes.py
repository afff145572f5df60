"""Editorial notes as the public reads them: the source's line numbers left out (issue 15)."""

import pytest

from portal.provenance import without_line_numbers


@pytest.mark.parametrize(
    ("stored", "public"),
    [
        # A parenthesis that only cites lines goes, in each language.
        (
            "The source prints no full stop after 相关措施 (line 42); the next",
            "The source prints no full stop after 相关措施; the next",
        ),
        ("中心简介（第369-387行），照录原文。", "中心简介，照录原文。"),
        (
            "напечатанная в конце выпуска (строки 369–387); китайский",
            "напечатанная в конце выпуска; китайский",
        ),
        (
            "in three pieces (lines 193-199, 145-159 and 228-248, with two other briefs)",
            "in three pieces (with two other briefs)",
        ),
        (
            "分三处排印（第193-199行、第145-159行、第228-248行，中间夹有另外两条简讯）",
            "分三处排印（中间夹有另外两条简讯）",
        ),
        # A reference beside other words: the words stay.
        ("headed X (line 148 and the contents)", "headed X (the contents)"),
        ("作“生物多样性保护”（第 148 行、目录）", "作“生物多样性保护”（目录）"),
        (
            "по подписи к фотографии (строки 75–79: Пекин, июнь 2014 г.)",
            "по подписи к фотографии (Пекин, июнь 2014 г.)",
        ),
        # Running text.
        (
            "the heading 发展历程 at line 98 has no text under it",
            "the heading 发展历程 has no text under it",
        ),
        ("来源第98行“发展历程”标题下无内容", "来源“发展历程”标题下无内容"),
        (
            "The Russian short name ШОС is printed at line 487; the rest",
            "The Russian short name ШОС is printed; the rest",
        ),
        # A reference that opens a clause becomes a place in the source.
        (
            "(Moscow, September 2019); lines 122-123 say the mechanism",
            "(Moscow, September 2019); the source says the mechanism",
        ),
        (
            "第116行作“环境部长会”，第127行图片说明作“第一次环境部长会”。",
            "来源一处作“环境部长会”，来源一处图片说明作“第一次环境部长会”。",
        ),
        ("В строке 116 — «环境部长会».", "В другом месте — «环境部长会»."),
        ("Name as on line 83; line 65 says X.", "Name as printed; the source says X."),
        ("名称见第 83 行；第 65 行作“X”", "名称见来源；来源一处作“X”"),
        ("Название по строке 83; в строке 65 — X.", "Название по источнику; в другом месте — X."),
        # Paragraphs stay paragraphs; a note without line numbers is unchanged.
        ("One.\n\nLine 3 says two.", "One.\n\nThe source says two."),
        ("Measures 4-12 of the plan, 2021-2023.", "Measures 4-12 of the plan, 2021-2023."),
    ],
)
def test_line_numbers_are_left_out_of_public_notes(stored, public):
    assert without_line_numbers(stored) == public
