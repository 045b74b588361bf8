from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from marketplace import catalogue_version

        # every process (web, Celery, commands) bumps the catalogue version on writes, so
        # cached public answers (GraphQL, storefront pages) are never served stale
        catalogue_version.install()
