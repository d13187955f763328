"""Members admitted elsewhere and entered with a transfer in from outside the register: their events before
that transfer leave them off this register's list (members.actions.states), as replay() now writes them."""

from django.db import migrations
from django.db.models import Q


def forward(apps, schema_editor):
    MemberEvent = apps.get_model("members", "MemberEvent")
    first: dict[int, tuple] = {}
    moves = (MemberEvent.objects.filter(kind__in=["transfer_in", "transfer_out"])
             .order_by("member_id", "effective_date", "id").values_list("member_id", "kind", "effective_date", "id"))
    for member_id, kind, on, pk in moves.iterator(chunk_size=5000):
        first.setdefault(member_id, (kind, on, pk))
    for member_id, (kind, on, pk) in first.items():
        if kind == "transfer_in":
            (MemberEvent.objects.filter(member_id=member_id)
             .filter(Q(effective_date__lt=on) | Q(effective_date=on, id__lt=pk))
             .exclude(status_after="transferred_out").update(status_after="transferred_out"))


class Migration(migrations.Migration):
    dependencies = [("members", "0006_discipline")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
