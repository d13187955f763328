"""The register of outgoing and incoming documents (sổ văn bản đi, đến)."""

from django.db import models
from django.db.models import Q

from dangbo.core.scoped import FiledRecord
from dangbo.rules import documents as doc_rules


class Direction(models.TextChoices):
    OUT = "out", "Văn bản đi"
    IN = "in", "Văn bản đến"


class Document(FiledRecord):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="documents", verbose_name="cấp ủy, chi bộ")
    direction = models.CharField("loại sổ", max_length=3, choices=Direction.choices)
    doc_type = models.CharField("tên loại văn bản", max_length=20, choices=doc_rules.CHOICES)
    # Outgoing: our number in the term's series for this type; incoming: the number written on the document.
    number = models.PositiveIntegerField("số", null=True, blank=True)
    symbol = models.CharField("số, ký hiệu", max_length=60)
    term_start = models.DateField("nhiệm kỳ cấp ủy bắt đầu từ", null=True, blank=True)
    issued_on = models.DateField("ngày văn bản")
    summary = models.CharField("trích yếu", max_length=500)
    signer = models.CharField("người ký", max_length=120, blank=True)
    counterpart = models.CharField("nơi nhận / nơi gửi", max_length=500, blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        indexes = [models.Index(fields=["org_path", "direction", "issued_on"], name="document_path_dir_date")]
        constraints = [models.UniqueConstraint(
            fields=["organization", "doc_type", "term_start", "number"], condition=Q(direction="out"),
            name="unique_outgoing_number")]

    def __str__(self):
        return f"{self.symbol} – {self.summary}"
