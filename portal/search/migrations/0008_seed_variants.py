"""A first thesaurus of variants readers type (editable in the admin afterwards)."""

from django.db import migrations

VARIANTS = [
    ("固废\n固体废物\n固体废弃物", "solid waste"),
    ("в сфере\nв области", "«in the field of»"),
    ("Eurasian\nEuro-Asia\nEuro-Asian", "the forum's name"),
    ("ministers\nministries\nministry", "environment ministers' meetings"),
    ("министров\nминистерств\nминистерства", "министров и министерств"),
    ("环保\n环境保护", "environmental protection"),
    ("mangrove\nмангровые\n红树林", "mangroves across languages"),
]


def seed(apps, schema_editor):
    Variant = apps.get_model("search", "Variant")
    for forms, note in VARIANTS:
        Variant.objects.get_or_create(forms=forms, defaults={"note": note})


def unseed(apps, schema_editor):
    Variant = apps.get_model("search", "Variant")
    Variant.objects.filter(forms__in=[forms for forms, _ in VARIANTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0007_ranked_retrieval")]

    operations = [migrations.RunPython(seed, unseed)]
