app_name = "resolutions"
urlpatterns = []
