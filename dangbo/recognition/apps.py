from dangbo.core import registry


class RecognitionConfig(registry.DangboApp):
    verbose_name = "Khen thưởng, Huy hiệu Đảng"
    url_prefix = "khen-thuong/"
    scope_plugin = "yearend"
    audit_types = {
        "commendation.propose": "Đề nghị khen thưởng",
        "commendation.decide": "Quyết định khen thưởng",
    }
