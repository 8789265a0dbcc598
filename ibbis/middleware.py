from django.utils.cache import add_never_cache_headers, patch_cache_control


class ApiNoStoreMiddleware:
    """Nothing the API or the health check returns may be kept by a browser or proxy cache.

    Case data is health data; a shared cache holding it would be a leak.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(("/api/", "/healthz")):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
