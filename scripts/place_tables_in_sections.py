"""One-off fixture edit (issue 15): place the documents' tables under their sections.

Adds two structural fields and nothing else (no official or editorial text is touched):
- ``DocumentSection.table`` on the section that prints a table the portal keeps as
  records: BRI plan 九、重大项目 (key projects), ASEAN framework 6. 行动安排 (planned
  activities) and 附件 (the annex's meetings);
- ``Meeting.listed_in`` on each meeting the ASEAN annex lists (their locators start
  with "附件 > "), pointing at the annex section;
- ``DocumentSection.level`` 1 for the Qingdao initiative's unheaded top-level paragraphs
  (preamble, China's announcement, closing), which stand beside the calls, not under them.

Run from the checkout: ``python3 scripts/place_tables_in_sections.py``. Running it again
changes nothing. The files keep their formatting (indent 1, UTF-8, trailing newline).
"""

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

#: (fixture, document slug, section anchor) -> table kept as records under that section.
TABLES = {
    ("bri.json", "bri-eco-plan-2017", "chapter-9"): "key_projects",
    ("asean.json", "asean-china-framework-2021-2025", "section-6"): "activities",
    ("asean.json", "asean-china-framework-2021-2025", "annex"): "listed_meetings",
}
ANNEX = ("asean-china-framework-2021-2025", "annex")
#: Top-level paragraphs recorded as level 3 (which would nest them under the sixth call).
TOP_LEVEL = ("qingdao_2024.json", ("preamble", "innovation-base", "closing"))


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def save(name, data):
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    (FIXTURES / name).write_text(text, encoding="utf-8")


def section_order(data, document, anchor):
    for obj in data:
        fields = obj["fields"]
        if (
            obj["model"] == "cooperation.documentsection"
            and fields["document"] == [document]
            and fields["anchor"] == anchor
        ):
            return obj, fields["order"]
    raise SystemExit(f"section {document}#{anchor} not found")


def main():
    annex_key = None
    for name in sorted({name for name, _doc, _anchor in TABLES}):
        data = load(name)
        for (fixture, document, anchor), table in TABLES.items():
            if fixture != name:
                continue
            obj, order = section_order(data, document, anchor)
            obj["fields"]["table"] = table
            if (document, anchor) == ANNEX:
                annex_key = [document, order]
        save(name, data)
    data = load("asean_tables.json")
    listed = 0
    for obj in data:
        fields = obj["fields"]
        if obj["model"] == "cooperation.meeting" and fields["locator"].startswith("附件 > "):
            fields["listed_in"] = annex_key
            listed += 1
    save("asean_tables.json", data)
    name, anchors = TOP_LEVEL
    data = load(name)
    for obj in data:
        if obj["model"] == "cooperation.documentsection" and obj["fields"]["anchor"] in anchors:
            obj["fields"]["level"] = 1
    save(name, data)
    print(f"annex lists {listed} meetings")


if __name__ == "__main__":
    main()
