"""The register of outgoing and incoming documents (sổ văn bản đi, đến)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.fields import filed_under
from dangbo.core.models import model_meta
from dangbo.core.scoped import FiledRecord
from dangbo.rules import documents as doc_rules


class Direction(models.TextChoices):
    OUT = "out", _("Văn bản đi")
    IN = "in", _("Văn bản đến")


class Document(FiledRecord):
    organization = filed_under("documents", _("cấp ủy, chi bộ"))
    direction = models.CharField(_("loại sổ"), max_length=3, choices=Direction.choices)
    doc_type = models.CharField(_("tên loại văn bản"), max_length=20, choices=doc_rules.CHOICES)
    # Outgoing: our number in the term's series for this type; incoming: the number written on the document.
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("số, ký hiệu"), max_length=60)
    term_start = models.DateField(_("nhiệm kỳ cấp ủy bắt đầu từ"), null=True, blank=True)
    issued_on = models.DateField(_("ngày văn bản"))
    summary = models.CharField(_("trích yếu"), max_length=500)
    signer = models.CharField(_("người ký"), max_length=120, blank=True)
    counterpart = models.CharField(_("nơi nhận / nơi gửi"), max_length=500, blank=True)

    Meta = model_meta(
        _("văn bản"),
        ordering=["-issued_on", "-id"],
        indexes=[models.Index(fields=["org_path", "direction", "issued_on"], name="document_path_dir_date")],
        constraints=[models.UniqueConstraint(
            fields=["organization", "doc_type", "term_start", "number"], condition=Q(direction="out"),
            name="unique_outgoing_number")],
    )

    def __str__(self):
        return f"{self.symbol} – {self.summary}"
