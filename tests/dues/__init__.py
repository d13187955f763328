"""The dues tests; `on_salary` is the profile most of them start from."""

from datetime import date


def on_salary(members, **bases):
    """Each named member of the `members` fixture pays on a salary (BHXH) of `bases[name]` đồng from 01/2025."""
    from dangbo.dues import actions

    for name, base in bases.items():
        actions.set_profile(None, getattr(members, name), from_month=date(2025, 1, 1), category="bhxh", base=base)
