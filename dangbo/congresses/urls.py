app_name = "congresses"
urlpatterns = []
