from .scopes import scope_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scope_for(user)
    return {"scope": scope, "can_write": scope.is_admin or bool(scope.write_paths)}
