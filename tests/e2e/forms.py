"""Filling a form in the browser tests."""


def submit(page, button: str, fields: dict[str, str], *, exact: bool | None = None) -> None:
    """Fill each field of `fields` (selector: value; a <select> is chosen, an input or textarea typed) in order,
    then click the button named `button`."""
    for selector, value in fields.items():
        if selector.startswith("select"):
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    page.get_by_role("button", name=button, exact=exact).click()
