from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from marketplace.graphql import response_cache

        # every process (web, Celery, commands) bumps the GraphQL catalogue version on writes
        response_cache.install()
