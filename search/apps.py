from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from marketplace.hooks import products_changed

        from .dirty import mark_products_dirty

        products_changed.connect(
            mark_products_dirty
        )  # certificate and shop changes reach the index
