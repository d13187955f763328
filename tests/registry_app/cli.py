def register(sub, ctx) -> None:
    p = sub.add_parser("probe", help="Lệnh thử của ứng dụng mới")
    p.set_defaults(func=lambda args: ctx.out("probe") or 0)
