from dangbo.core import registry


class RecognitionConfig(registry.DangboApp):
    name = "dangbo.recognition"
    label = "recognition"
    verbose_name = "Khen thưởng, Huy hiệu Đảng"
    urls = (("khen-thuong/", "dangbo.recognition.urls"),)
    api = "dangbo.recognition.api"
    scope_plugin = "yearend"
    audit_types = {
        "commendation.propose": "Đề nghị khen thưởng",
        "commendation.decide": "Quyết định khen thưởng",
    }
