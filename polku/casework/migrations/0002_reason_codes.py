"""The initial contact reason codes (Kela's notices by kind, domain.md SHL 35). Administrators add more."""

from django.db import migrations

CODES = [
    ("supplementary_assistance", "Hakemus täydentävästä tai ehkäisevästä toimeentulotuesta",
     "Ansökan om kompletterande eller förebyggande utkomststöd",
     "Application for supplementary or preventive social assistance"),
    ("basic_amount_reduction", "Perusosan alentaminen", "Nedsättning av grunddelen",
     "Reduction of the basic amount"),
    ("long_term_unemployment", "Pitkäaikaistyötön yli 25-vuotias", "Långtidsarbetslös över 25 år",
     "Long-term unemployed over 25"),
    ("life_management", "Elämänhallinta", "Livshantering", "Life management"),
    ("income", "Toimeentulo", "Försörjning", "Income"),
    ("housing", "Asuminen", "Boende", "Housing"),
    ("rent_arrears", "Vuokravelat", "Hyresskulder", "Rent arrears"),
    ("other_debts", "Muut velat ja maksurästit", "Andra skulder och betalningsrestanser",
     "Other debts and arrears"),
    ("forms_and_applications", "Vaikeus hoitaa lomakkeita ja hakemuksia", "Svårt att sköta blanketter och ansökningar",
     "Difficulty with forms and applications"),
    ("health", "Terveys", "Hälsa", "Health"),
    ("substance_use", "Päihteet", "Missbruk", "Substance use"),
    ("other", "Muu syy", "Annan orsak", "Other reason"),
]


def add_codes(apps, schema_editor):
    ReasonCode = apps.get_model("casework", "ReasonCode")
    for order, (code, fi, sv, en) in enumerate(CODES, start=1):
        ReasonCode.objects.update_or_create(
            code=code, defaults={"label_fi": fi, "label_sv": sv, "label_en": en, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]
    operations = [migrations.RunPython(add_codes, migrations.RunPython.noop)]
