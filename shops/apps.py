from django.apps import AppConfig


class ShopsConfig(AppConfig):
    name = "shops"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from marketplace.errors import register_error_codes

        from .errors import ShopsErrorCode

        register_error_codes(ShopsErrorCode)
