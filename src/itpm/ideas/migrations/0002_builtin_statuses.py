from django.db import migrations

BUILTIN = [
    ("New", "new", "Just submitted; a product manager will read it soon.", 10),
    ("Under review", "under_review", "A product manager is looking into it.", 20),
    ("Planned", "planned", "On the roadmap.", 30),
    ("In progress", "in_progress", "Being built now.", 40),
    ("Shipped", "shipped", "Done and available.", 50),
    ("Declined", "declined", "Not something IT will do; the message says why.", 60),
    ("Duplicate", "duplicate", "Merged into another idea.", 70),
]


def add_builtin_statuses(apps, schema_editor):
    Status = apps.get_model("ideas", "Status")
    for name, stage, description, position in BUILTIN:
        Status.objects.update_or_create(
            stage=stage, is_builtin=True, defaults={"name": name, "description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]

    operations = [migrations.RunPython(add_builtin_statuses, migrations.RunPython.noop)]
