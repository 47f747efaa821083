# Organisation single sign-on: the identifier the organisation's sign-in service gives a user.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_team_receives_unrouted'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='sso_identifier',
            field=models.CharField(blank=True, help_text="What the organisation's sign-in service calls this person in the claim Polku is configured to match (POLKU_OIDC_USER_CLAIM, e.g. sub). Not needed when sign-in matches by email address.", max_length=255, verbose_name='organisation account identifier'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(condition=models.Q(('sso_identifier', ''), _negated=True), fields=('sso_identifier',), name='user_sso_identifier_unique'),
        ),
    ]
