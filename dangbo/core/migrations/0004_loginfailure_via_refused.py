from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_append_only")]

    operations = [
        migrations.AddField(model_name="loginfailure", name="via",
                            field=models.CharField(blank=True, default="web", max_length=8)),
        migrations.AddField(model_name="loginfailure", name="refused", field=models.BooleanField(default=False)),
    ]
