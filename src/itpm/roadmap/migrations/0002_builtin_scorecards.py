from django.db import migrations

VALUE_EFFORT_METRICS = [
    {"key": "business_value", "label": "Business value", "weight": "0.4", "min": "1", "max": "5"},
    {"key": "customer_value", "label": "Value to customers", "weight": "0.4", "min": "1", "max": "5"},
    {"key": "risk_reduction", "label": "Risk reduction", "weight": "0.2", "min": "1", "max": "5"},
]


def add_builtin_scorecards(apps, schema_editor):
    Scorecard = apps.get_model("roadmap", "Scorecard")
    Scorecard.objects.update_or_create(
        name="RICE",
        defaults={
            "kind": "rice",
            "is_builtin": True,
            "divide_by_effort": True,
            "metrics": [],
            "description": "Reach × impact × confidence ÷ effort: people reached, impact 0.25–3, confidence %, "
            "effort in person-days.",
        },
    )
    Scorecard.objects.update_or_create(
        name="Value / effort",
        defaults={
            "kind": "weighted",
            "is_builtin": True,
            "divide_by_effort": True,
            "metrics": VALUE_EFFORT_METRICS,
            "description": "Weighted value (business 40%, customers 40%, risk 20%, each 1–5) ÷ effort in person-days.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0001_initial")]

    operations = [migrations.RunPython(add_builtin_scorecards, migrations.RunPython.noop)]
