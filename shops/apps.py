from django.apps import AppConfig


class ShopsConfig(AppConfig):
    name = "shops"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from marketplace.errors import register_error_codes
        from marketplace.hooks import shop_role

        from .errors import ShopsErrorCode
        from .selectors.dashboard import shop_membership_role

        register_error_codes(ShopsErrorCode)
        shop_role.connect(shop_membership_role)  # the audit log names a member's role
