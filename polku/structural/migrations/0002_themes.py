"""The starting list of social report themes; an administrator can add and retire themes."""

from django.db import migrations

THEMES = [
    ("housing", "Asuminen ja asunnottomuus", "Boende och bostadslöshet", "Housing and homelessness"),
    ("income", "Toimeentulo", "Utkomst", "Income"),
    ("debt", "Velat ja maksuvaikeudet", "Skulder och betalningssvårigheter", "Debt and arrears"),
    ("substances", "Päihteet ja riippuvuudet", "Missbruk och beroenden", "Substance use and addiction"),
    ("mental_health", "Mielenterveys", "Psykisk hälsa", "Mental health"),
    ("employment", "Työ ja koulutus", "Arbete och utbildning", "Work and education"),
    ("loneliness", "Yksinäisyys ja osallisuus", "Ensamhet och delaktighet", "Loneliness and participation"),
    ("digital", "Digitaalinen syrjäytyminen", "Digitalt utanförskap", "Digital exclusion"),
    ("services", "Palvelujen saatavuus", "Tillgång till tjänster", "Access to services"),
    ("youth", "Nuoret aikuiset", "Unga vuxna", "Young adults"),
    ("older_people", "Ikääntyneet", "Äldre", "Older people"),
    ("violence", "Väkivalta ja turvallisuus", "Våld och trygghet", "Violence and safety"),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("structural", "Theme")
    for code, fi, sv, en in THEMES:
        Theme.objects.get_or_create(code=code, defaults={"label_fi": fi, "label_sv": sv, "label_en": en})


class Migration(migrations.Migration):
    dependencies = [("structural", "0001_initial")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
