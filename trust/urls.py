app_name = "trust"

urlpatterns = []
